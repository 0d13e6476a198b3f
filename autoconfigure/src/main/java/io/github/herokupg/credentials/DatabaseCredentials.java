package io.github.herokupg.credentials;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.herokupg.credentials.source.CredentialSource;
import io.github.herokupg.credentials.source.FetchPacing;
import io.github.herokupg.url.DatabaseUrl;
import io.github.herokupg.url.InvalidDatabaseUrlException;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The credentials every new physical connection of an endpoint uses: one immutable
 * {@link CredentialsSnapshot}, replaced by {@link #refresh()} when the source gives new
 * credentials that the database accepts. The jobs are split: the current snapshot and
 * its listeners ({@link CurrentCredentials}), the fetches with their single flight and
 * floor ({@link CredentialRefresher}), and what logins tell, with the rejections, the
 * probe and the validated handoff ({@link LoginGuard}); this class is their one face.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class DatabaseCredentials {

	/** How often a connection attempt tries a host that failed again. */
	public static final Duration HOST_RETRY_PAUSE = Duration.ofMillis(250);

	private static final Log logger = LogFactory.getLog(DatabaseCredentials.class);

	private final CredentialSource source;

	private final CurrentCredentials current;

	private final RefreshHistory history;

	private final LoginGuard logins;

	private final CredentialRefresher refresher;

	private final Clock clock;

	private final @Nullable BackgroundTasks tasks;

	private final CredentialsObservations observations = new CredentialsObservations();

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
	 * @throws io.github.herokupg.credentials.source.CredentialSourceException if the
	 * first fetch fails
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
		this.source = source;
		this.clock = clock;
		this.tasks = tasks;
		Instant now = clock.instant();
		this.current = new CurrentCredentials(new CredentialsSnapshot(parser.apply(first), 1, now));
		this.history = new RefreshHistory(now);
		this.logins = new LoginGuard(validator, clock, minInterval, this.history, tasks, this.observations);
		this.refresher = new CredentialRefresher(source, parser, validator, clock, minInterval, this.current,
				this.logins, this.history, tasks, pacing, this.observations);
	}

	/**
	 * Observe this endpoint's fetches and validating logins (and, through
	 * {@link #observationRegistry()}, what the pools do on a change) with a registry.
	 * @param registry the registry
	 * @param endpoint the endpoint's name in the observations' keys
	 */
	public void observeWith(ObservationRegistry registry, String endpoint) {
		this.observations.use(registry, endpoint);
	}

	/**
	 * Return the registry this endpoint's work is observed with.
	 * @return the registry, {@link ObservationRegistry#NOOP} until one is set
	 */
	public ObservationRegistry observationRegistry() {
		return this.observations.registry();
	}

	/**
	 * Return the current credentials.
	 * @return the current snapshot
	 */
	public CredentialsSnapshot current() {
		return this.current.get();
	}

	/**
	 * Register a listener called with the new snapshot after each change.
	 * @param listener the listener
	 */
	public void addChangeListener(Consumer<CredentialsSnapshot> listener) {
		this.current.addChangeListener(listener);
	}

	/**
	 * Fetch now, whatever the time since the last fetch (periodic refresh).
	 * @return what the refresh did
	 */
	public RefreshResult refresh() {
		return this.refresher.refresh();
	}

	/**
	 * Fetch now unless the last fetch is more recent than the minimum interval (refresh
	 * on request).
	 * @return what the refresh did
	 */
	public RefreshResult requestRefresh() {
		return this.refresher.requestRefresh();
	}

	/**
	 * Fetch because something said the connection string changed (a signed webhook
	 * delivery). Unlike {@link #requestRefresh()}, a push is never dropped: within the
	 * floor, or while a fetch that started before it is in flight, it runs again once the
	 * floor ends.
	 * @return what was done
	 */
	public PushedRefresh pushRefresh() {
		return this.refresher.pushRefresh();
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
			return this.current.newerThan(failed);
		}
		PushedRefresh pushed = pushRefresh();
		CredentialsSnapshot newer = this.current.newerThan(failed);
		String found = (newer != null) ? "the fetch found " + newer.url().hosts()
				: (pushed.deferredUntil() != null) ? "a fetch runs at " + pushed.deferredUntil()
						: "the fetch found the same URL";
		this.history.serverFailed(failure + " at " + at + " on " + failed.url().hosts() + ": " + found);
		return newer;
	}

	/**
	 * One step of trying a host that failed, for a connection attempt that keeps trying
	 * until a deadline: report the failure ({@link #serverFailed}) and, when the source
	 * names nothing new yet, wait for a change for up to {@link #HOST_RETRY_PAUSE}, but not
	 * past the deadline. A move the source reports is logged.
	 * @param snapshot the snapshot whose hosts failed
	 * @param failure what failed, free of secrets
	 * @param deadline the {@link System#nanoTime()} after which the attempt gives up
	 * @return the newer snapshot to connect with, or {@code null} to try the same hosts
	 * again
	 */
	public @Nullable CredentialsSnapshot afterHostFailure(CredentialsSnapshot snapshot, String failure,
			long deadline) {
		CredentialsSnapshot newer = serverFailed(snapshot, failure);
		long remaining = deadline - System.nanoTime();
		if (newer == null && remaining > 0) {
			newer = awaitChange(snapshot, Duration.ofNanos(Math.min(remaining, HOST_RETRY_PAUSE.toNanos())));
		}
		if (newer != null) {
			logger.info("Hosts " + snapshot.url().hosts() + " failed (" + failure + "); the source names "
					+ newer.url().hosts() + ": connecting there");
		}
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
		return this.current.awaitNewerThan(snapshot, timeout, () -> !isClosing());
	}

	/**
	 * Whether a fetched URL is being validated now: the database is asked whether it
	 * accepts it before it becomes current.
	 * @return whether a validation runs
	 */
	public boolean isValidating() {
		return this.current.isValidating();
	}

	/**
	 * Wait while a fetched URL is being validated, for the snapshot it makes current: a
	 * login meanwhile would use the credentials about to be replaced (after a rotation,
	 * one more rejected login, and one more login for the database to serve beside the
	 * validating one), while the validating connection is handed to the first caller
	 * after the change. Returns at once when no validation runs.
	 * @param snapshot the snapshot the caller would connect with
	 * @param timeout the longest wait
	 * @return the newer snapshot the validation made current, or {@code snapshot}
	 */
	public CredentialsSnapshot afterValidation(CredentialsSnapshot snapshot, Duration timeout) {
		if (!isValidating()) {
			return snapshot;
		}
		CredentialsSnapshot newer = this.current.awaitNewerThan(snapshot, timeout,
				() -> isValidating() && !isClosing());
		return (newer != null) ? newer : snapshot;
	}

	/**
	 * Return when the floor of requested fetches ends.
	 * @return the instant, in the past when requests may fetch now
	 */
	public Instant floorEnd() {
		return this.refresher.floorEnd();
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
		this.logins.rejected(rejected);
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
			this.refresher.fetchUnlessNewerThan(snapshot);
		}
		return this.current.newerThan(snapshot);
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
		return this.current.awaitNewerThan(snapshot, timeout, () -> isRecentlyRejected(snapshot) && !isClosing());
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
	 * Take the connection that validated a snapshot, if it was opened within the last
	 * few seconds and nobody took it yet: a pool's first connection with new credentials
	 * then costs no further login.
	 * @param snapshot the snapshot to connect with
	 * @return the open connection, or {@code null}
	 */
	public @Nullable Connection takeValidatedConnection(CredentialsSnapshot snapshot) {
		return this.logins.takeValidatedConnection(snapshot);
	}

	/**
	 * Whether a snapshot was rejected by the database less than the minimum interval
	 * ago; further logins with it would only add failed attempts.
	 * @param snapshot the snapshot
	 * @return whether to hold back logins with it
	 */
	public boolean isRecentlyRejected(CredentialsSnapshot snapshot) {
		return this.logins.isRecentlyRejected(snapshot);
	}

	/**
	 * Report that the database accepted a snapshot.
	 * @param snapshot the accepted snapshot
	 */
	public void accepted(CredentialsSnapshot snapshot) {
		this.logins.accepted(snapshot);
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
		this.logins.probeIfIdle(current(), interval);
	}

	/**
	 * Return what operators need to know, free of secrets.
	 * @return the status
	 */
	public CredentialsStatus status() {
		return this.history.status(current(), this.source.type(), this.source.location());
	}

}
