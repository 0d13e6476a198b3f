package io.github.herokupg.credentials;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.herokupg.credentials.RefreshResult.Outcome;
import io.github.herokupg.url.DatabaseUrl;
import io.github.herokupg.url.InvalidDatabaseUrlException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The credentials every new physical connection uses: one immutable
 * {@link CredentialsSnapshot} in a volatile field, replaced by
 * {@link #refresh()} when the source gives new credentials that the database accepts.
 * At most one fetch is in flight; callers that arrive meanwhile share its result.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class DatabaseCredentials {

	private static final Log logger = LogFactory.getLog(DatabaseCredentials.class);

	private final CredentialSource source;

	private final Function<String, DatabaseUrl> parser;

	private final CredentialValidator validator;

	private final Clock clock;

	private final Duration minInterval;

	private volatile CredentialsSnapshot current;

	private final SingleFlight<RefreshResult> singleFlight = new SingleFlight<>();

	private final RefreshHistory history;

	private final List<Consumer<CredentialsSnapshot>> listeners = new CopyOnWriteArrayList<>();

	private volatile @Nullable Instant lastRequestedFetch;

	private volatile @Nullable Instant lastLogin;

	private volatile @Nullable Instant lastProbe;

	private final Object probeLock = new Object();

	private final Object changeMonitor = new Object();

	private final ValidatedConnection validated;

	private final @Nullable BackgroundTasks tasks;

	private final @Nullable FetchPacing pacing;

	private final AtomicBoolean pushPending = new AtomicBoolean();

	/**
	 * Load the first credentials from the source; they are not validated, the first
	 * connection does that.
	 * @param source where connection strings come from
	 * @param parser turns a connection string into a {@link DatabaseUrl}
	 * @param validator tries new credentials before they become current
	 * @param clock the clock
	 * @param minInterval the floor between two fetches that failures or requests
	 * trigger (periodic fetches and the first load do not count)
	 * @throws InvalidDatabaseUrlException if the first connection string is invalid
	 * @throws CredentialSourceException if the first fetch fails
	 */
	public DatabaseCredentials(CredentialSource source, Function<String, DatabaseUrl> parser,
			CredentialValidator validator, Clock clock, Duration minInterval) {
		this(source, source.fetch(), parser, validator, clock, minInterval);
	}

	/**
	 * Start from a connection string fetched already; it is not validated, the first
	 * connection does that.
	 * @param source where later connection strings come from
	 * @param first the first connection string
	 * @param parser turns a connection string into a {@link DatabaseUrl}
	 * @param validator tries new credentials before they become current
	 * @param clock the clock
	 * @param minInterval the floor between two fetches that failures or requests
	 * trigger (periodic fetches and the first load do not count)
	 * @throws InvalidDatabaseUrlException if the first connection string is invalid
	 */
	public DatabaseCredentials(CredentialSource source, String first, Function<String, DatabaseUrl> parser,
			CredentialValidator validator, Clock clock, Duration minInterval) {
		this(source, first, parser, validator, clock, minInterval, null, null);
	}

	/**
	 * Start from a connection string fetched already, with background tasks that keep the
	 * validating connection for the pool and run pushed refreshes the floor held back, and
	 * a pacing that stretches the floor when the source's rate limit runs low.
	 * @param source where later connection strings come from
	 * @param first the first connection string
	 * @param parser turns a connection string into a {@link DatabaseUrl}
	 * @param validator tries new credentials before they become current
	 * @param clock the clock
	 * @param minInterval the floor between two fetches that failures or requests
	 * trigger (periodic fetches and the first load do not count)
	 * @param tasks the background tasks, or {@code null} to keep no connection and defer
	 * nothing
	 * @param pacing the source's pacing, or {@code null} for a fixed floor
	 * @throws InvalidDatabaseUrlException if the first connection string is invalid
	 */
	public DatabaseCredentials(CredentialSource source, String first, Function<String, DatabaseUrl> parser,
			CredentialValidator validator, Clock clock, Duration minInterval, @Nullable BackgroundTasks tasks,
			@Nullable FetchPacing pacing) {
		this.tasks = tasks;
		this.pacing = pacing;
		this.validated = new ValidatedConnection(tasks);
		this.source = source;
		this.parser = parser;
		this.validator = validator;
		this.clock = clock;
		this.minInterval = minInterval;
		Instant now = clock.instant();
		this.current = new CredentialsSnapshot(parser.apply(first), 1, now);
		this.history = new RefreshHistory(now);
	}

	/**
	 * Return the current credentials.
	 * @return the current snapshot
	 */
	public CredentialsSnapshot current() {
		return this.current;
	}

	/**
	 * Register a listener called with the new snapshot after each change.
	 * @param listener the listener
	 */
	public void addChangeListener(Consumer<CredentialsSnapshot> listener) {
		this.listeners.add(listener);
	}

	/**
	 * Fetch now, whatever the time since the last fetch (periodic refresh).
	 * @return what the refresh did
	 */
	public RefreshResult refresh() {
		return singleFlight(false);
	}

	/**
	 * Fetch now unless the last fetch is more recent than the minimum interval (refresh
	 * on request).
	 * @return what the refresh did
	 */
	public RefreshResult requestRefresh() {
		return singleFlight(true);
	}

	/**
	 * Fetch because something said the connection string changed (a signed webhook
	 * delivery). Unlike {@link #requestRefresh()}, a push is never dropped: within the
	 * floor, or while a fetch that started before it is in flight, it runs again once the
	 * floor ends.
	 * @return what was done
	 */
	public PushedRefresh pushRefresh() {
		AtomicBoolean ran = new AtomicBoolean();
		AtomicBoolean withinFloor = new AtomicBoolean();
		RefreshResult result = this.singleFlight.run(() -> {
			ran.set(true);
			withinFloor.set(isWithinFloor());
			return requestedFetch();
		});
		if (ran.get() && !withinFloor.get()) {
			return new PushedRefresh(result, null);
		}
		Instant end = floorEnd();
		BackgroundTasks tasks = this.tasks;
		if (tasks == null) {
			return new PushedRefresh(result, null);
		}
		if (this.pushPending.compareAndSet(false, true)) {
			tasks.schedule(() -> {
				this.pushPending.set(false);
				pushRefresh();
			}, Duration.between(this.clock.instant(), end));
		}
		return new PushedRefresh(null, end);
	}

	/**
	 * Report that a connection to a snapshot's hosts could not be opened, was ended by a
	 * server shutting down, or met a leader turned read-only: the database may have
	 * moved. The endpoint asks its source (the same single-flight fetch as for a rejected
	 * password, at most one per floor however many threads report; within the floor it
	 * runs when the floor ends), and nothing else happens if the URL did not change.
	 * @param failed the snapshot whose hosts failed
	 * @param failure what failed, free of secrets
	 * @return a newer snapshot to connect with, or {@code null} if there is none yet
	 */
	public @Nullable CredentialsSnapshot serverFailed(CredentialsSnapshot failed, String failure) {
		Instant at = this.clock.instant();
		if (current().generation() != failed.generation()) {
			return newerOrNull(failed);
		}
		PushedRefresh pushed = pushRefresh();
		CredentialsSnapshot newer = newerOrNull(failed);
		String found = (newer != null) ? "the fetch found " + newer.url().hosts()
				: (pushed.deferredUntil() != null) ? "a fetch runs at " + pushed.deferredUntil()
						: "the fetch found the same URL";
		this.history.serverFailed(failure + " at " + at + " on " + failed.url().hosts() + ": " + found);
		return newer;
	}

	/**
	 * Wait for a snapshot newer than one, such as the one a fetch after a failed host
	 * brings.
	 * @param snapshot the snapshot to replace
	 * @param timeout the longest wait
	 * @return the newer snapshot, or {@code null} if none came in time
	 */
	public @Nullable CredentialsSnapshot awaitChange(CredentialsSnapshot snapshot, Duration timeout) {
		return awaitNewer(snapshot, timeout, () -> true);
	}

	/**
	 * Return when the floor of requested fetches ends.
	 * @return the instant, in the past when requests may fetch now
	 */
	public Instant floorEnd() {
		Instant last = this.lastRequestedFetch;
		return (last != null) ? last.plus(floor()) : this.clock.instant();
	}

	private Duration floor() {
		FetchPacing pacing = this.pacing;
		return (pacing != null) ? pacing.requestedFloor(this.minInterval) : this.minInterval;
	}

	/**
	 * What a pushed refresh did: fetched now, or waits for the floor to end.
	 *
	 * @param result the result of the fetch that ran now, or {@code null} if deferred
	 * @param deferredUntil when the deferred fetch runs, or {@code null} if it ran now
	 */
	public record PushedRefresh(@Nullable RefreshResult result, @Nullable Instant deferredUntil) {

	}

	/**
	 * Report that the database rejected a snapshot's password, and fetch (within the
	 * minimum interval) in the hope of newer credentials.
	 * @param rejected the snapshot the database rejected
	 * @param fetch whether to fetch at all ({@code refresh.on-auth-failure})
	 * @return a newer snapshot to retry with, or {@code null} if there is none
	 */
	public @Nullable CredentialsSnapshot authenticationFailed(CredentialsSnapshot rejected, boolean fetch) {
		this.history.rejected(rejected.generation(), this.clock.instant());
		return newerThan(rejected, fetch);
	}

	/**
	 * Return credentials newer than a snapshot, fetching (within the minimum interval)
	 * if there are none yet.
	 * @param snapshot the snapshot to replace
	 * @param fetch whether to fetch at all
	 * @return a newer snapshot, or {@code null} if there is none
	 */
	public @Nullable CredentialsSnapshot newerThan(CredentialsSnapshot snapshot, boolean fetch) {
		if (fetch && current().generation() == snapshot.generation()) {
			this.singleFlight.run(() -> {
				// a fetch that ended while this caller waited to start one brought what it needs
				if (current().generation() != snapshot.generation()) {
					return new RefreshResult(Outcome.UNCHANGED, null, current().generation());
				}
				return requestedFetch();
			});
		}
		return newerOrNull(snapshot);
	}

	/**
	 * Wait for credentials newer than a snapshot the database has just rejected, instead
	 * of failing at once: a pool that keeps trying to open connections then opens the
	 * next one the moment a refresh brings new credentials, rather than after a back-off
	 * of its own. The wait ends with the change, when the rejection is no longer recent
	 * (the minimum interval), after the timeout, or on interrupt.
	 * @param snapshot the rejected snapshot
	 * @param timeout the longest wait
	 * @return the newer snapshot, or {@code null} if none came
	 */
	public @Nullable CredentialsSnapshot awaitNewerThan(CredentialsSnapshot snapshot, Duration timeout) {
		return awaitNewer(snapshot, timeout, () -> isRecentlyRejected(snapshot));
	}

	/**
	 * Whether the application is shutting down: its background tasks have stopped, and
	 * nobody should wait for a host or for credentials any more.
	 * @return whether the credentials are closing
	 */
	public boolean isClosing() {
		BackgroundTasks tasks = this.tasks;
		return tasks != null && !tasks.isRunning();
	}

	/**
	 * Wait for a snapshot newer than one while a condition holds.
	 */
	private @Nullable CredentialsSnapshot awaitNewer(CredentialsSnapshot snapshot, Duration timeout,
			BooleanSupplier worthWaiting) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.changeMonitor) {
			while (current().generation() == snapshot.generation() && worthWaiting.getAsBoolean() && !isClosing()) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return null;
				}
				try {
					// bounded slices: a condition measured on the clock may end unannounced
					this.changeMonitor.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(remaining), 100)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return null;
				}
			}
		}
		return newerOrNull(snapshot);
	}

	private @Nullable CredentialsSnapshot newerOrNull(CredentialsSnapshot snapshot) {
		CredentialsSnapshot now = current();
		return (now.generation() > snapshot.generation()) ? now : null;
	}

	/**
	 * Take the connection that validated a snapshot, if it was opened within the last
	 * few seconds and nobody took it yet: a pool's first connection with new credentials
	 * then costs no further login.
	 * @param snapshot the snapshot to connect with
	 * @return the open connection, or {@code null}
	 */
	public @Nullable Connection takeValidatedConnection(CredentialsSnapshot snapshot) {
		return this.validated.take(snapshot.generation());
	}

	/**
	 * Whether a snapshot was rejected by the database less than the minimum interval
	 * ago; further logins with it would only add failed attempts.
	 * @param snapshot the snapshot
	 * @return whether to hold back logins with it
	 */
	public boolean isRecentlyRejected(CredentialsSnapshot snapshot) {
		return this.history.isRejectedSince(snapshot.generation(), this.clock.instant().minus(this.minInterval));
	}

	/**
	 * Report that the database accepted a snapshot.
	 * @param snapshot the accepted snapshot
	 */
	public void accepted(CredentialsSnapshot snapshot) {
		this.history.accepted(snapshot.generation());
		this.lastLogin = this.clock.instant();
	}

	/**
	 * Log in once with the current credentials when nothing else has for a while, so
	 * that a password the database no longer accepts shows while every pooled
	 * connection is still alive. At most once per interval, never while the current
	 * credentials were rejected within the minimum interval (the login cap), and never
	 * when a physical connection was opened within the interval.
	 * @param interval the interval
	 */
	public void probeIfIdle(Duration interval) {
		Instant now = this.clock.instant();
		Instant since = now.minus(interval);
		CredentialsSnapshot snapshot = current();
		synchronized (this.probeLock) {
			Instant lastLogin = this.lastLogin;
			Instant lastProbe = this.lastProbe;
			if ((lastLogin != null && lastLogin.isAfter(since)) || (lastProbe != null && lastProbe.isAfter(since))
					|| isRecentlyRejected(snapshot)) {
				return;
			}
			this.lastProbe = now;
		}
		try {
			this.validator.validate(snapshot.url());
			accepted(snapshot);
		}
		catch (SQLException ex) {
			if (PasswordRejection.is(ex)) {
				logger.warn("A fresh login with the credentials of generation " + snapshot.generation()
						+ " was rejected: the database no longer accepts them");
				this.history.rejected(snapshot.generation(), this.clock.instant());
			}
		}
	}

	/**
	 * Return what operators need to know, free of secrets.
	 * @return the status
	 */
	public CredentialsStatus status() {
		CredentialsSnapshot snapshot = current();
		return this.history.status(snapshot, this.source.type(), this.source.location());
	}

	private RefreshResult singleFlight(boolean respectFloor) {
		return this.singleFlight.run(respectFloor ? this::requestedFetch : this::fetchAndApply);
	}

	private RefreshResult requestedFetch() {
		if (isWithinFloor()) {
			return throttled();
		}
		this.lastRequestedFetch = this.clock.instant();
		return fetchAndApply();
	}

	private boolean isWithinFloor() {
		return this.lastRequestedFetch != null && this.clock.instant().isBefore(floorEnd());
	}

	private RefreshResult throttled() {
		return new RefreshResult(Outcome.UNCHANGED, "fetched less than " + floor().toSeconds()
				+ "s ago (the minimum interval between requested fetches)", current().generation());
	}

	private RefreshResult fetchAndApply() {
		Instant now = this.clock.instant();
		CredentialsSnapshot old = current();
		DatabaseUrl url;
		try {
			url = this.parser.apply(this.source.fetch());
		}
		catch (CredentialSourceException | InvalidDatabaseUrlException ex) {
			RefreshResult result = failed(old, "fetch from " + this.source.type() + " source failed: "
					+ Secrets.mask(ex.getMessage(), old.url()));
			this.history.denied(ex instanceof SourceAccessDeniedException);
			return result;
		}
		if (url.equals(old.url())) {
			this.history.fetched(now, Outcome.UNCHANGED);
			return new RefreshResult(Outcome.UNCHANGED, null, old.generation());
		}
		Connection kept;
		try {
			kept = this.validator.validateAndKeep(url);
		}
		catch (SQLException ex) {
			return failed(old, "the database did not accept the new credentials (SQL state " + ex.getSQLState() + "): "
					+ Secrets.mask(ex.getMessage(), url, old.url()));
		}
		CredentialsSnapshot next = new CredentialsSnapshot(url, old.generation() + 1, now);
		if (kept != null) {
			this.validated.keep(kept, next.generation());
		}
		synchronized (this.changeMonitor) {
			this.current = next;
			this.changeMonitor.notifyAll();
		}
		this.history.changed(now);
		if (!url.hosts().equals(old.url().hosts())) {
			this.history.hostChanged();
		}
		logger.info("Database credentials changed (generation " + next.generation() + ", fingerprint "
				+ url.fingerprint() + ", hosts " + url.hosts() + ")");
		this.listeners.forEach((listener) -> listener.accept(next));
		return new RefreshResult(Outcome.CHANGED, null, next.generation());
	}

	private RefreshResult failed(CredentialsSnapshot old, String reason) {
		this.history.failed(reason);
		logger.warn("Database credentials refresh failed, keeping generation " + old.generation() + ": " + reason);
		return new RefreshResult(Outcome.FAILED, reason, old.generation());
	}

}
