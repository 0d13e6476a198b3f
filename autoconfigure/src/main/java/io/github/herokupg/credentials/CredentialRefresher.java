package io.github.herokupg.credentials;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.github.herokupg.credentials.DatabaseCredentials.PushedRefresh;
import io.github.herokupg.credentials.RefreshResult.Outcome;
import io.github.herokupg.credentials.source.CredentialSource;
import io.github.herokupg.credentials.source.CredentialSourceException;
import io.github.herokupg.credentials.source.FetchPacing;
import io.github.herokupg.credentials.source.SourceAccessDeniedException;
import io.github.herokupg.url.DatabaseUrl;
import io.github.herokupg.url.InvalidDatabaseUrlException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Fetches an endpoint's connection string and makes it current once the database
 * accepts it: one fetch in flight at a time (callers that arrive meanwhile share its
 * result), requested fetches floored by the minimum interval (stretched as the source's
 * pacing says), and pushed fetches within the floor run when it ends.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class CredentialRefresher {

	private static final Log logger = LogFactory.getLog(DatabaseCredentials.class);

	private final CredentialSource source;

	private final Function<String, DatabaseUrl> parser;

	private final CredentialValidator validator;

	private final Clock clock;

	private final Duration minInterval;

	private final CurrentCredentials current;

	private final LoginGuard logins;

	private final RefreshHistory history;

	private final @Nullable BackgroundTasks tasks;

	private final @Nullable FetchPacing pacing;

	private final CredentialsObservations observations;

	private final SingleFlight<RefreshResult> singleFlight = new SingleFlight<>();

	private final AtomicBoolean pushPending = new AtomicBoolean();

	private volatile @Nullable Instant lastRequestedFetch;

	CredentialRefresher(CredentialSource source, Function<String, DatabaseUrl> parser, CredentialValidator validator,
			Clock clock, Duration minInterval, CurrentCredentials current, LoginGuard logins, RefreshHistory history,
			@Nullable BackgroundTasks tasks, @Nullable FetchPacing pacing, CredentialsObservations observations) {
		this.source = source;
		this.parser = parser;
		this.validator = validator;
		this.clock = clock;
		this.minInterval = minInterval;
		this.current = current;
		this.logins = logins;
		this.history = history;
		this.tasks = tasks;
		this.pacing = pacing;
		this.observations = observations;
	}

	RefreshResult refresh() {
		return this.singleFlight.run(this::fetchAndApply);
	}

	RefreshResult requestRefresh() {
		return this.singleFlight.run(this::requestedFetch);
	}

	/**
	 * Fetch unless a fetch that ended while the caller waited to start one already
	 * brought something newer than the snapshot.
	 */
	void fetchUnlessNewerThan(CredentialsSnapshot snapshot) {
		this.singleFlight.run(() -> {
			CredentialsSnapshot now = this.current.get();
			if (now.generation() != snapshot.generation()) {
				return new RefreshResult(Outcome.UNCHANGED, null, now.generation());
			}
			return requestedFetch();
		});
	}

	PushedRefresh pushRefresh() {
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

	Instant floorEnd() {
		Instant last = this.lastRequestedFetch;
		return (last != null) ? last.plus(floor()) : this.clock.instant();
	}

	private Duration floor() {
		FetchPacing pacing = this.pacing;
		return (pacing != null) ? pacing.requestedFloor(this.minInterval) : this.minInterval;
	}

	private RefreshResult requestedFetch() {
		if (isWithinFloor()) {
			return new RefreshResult(Outcome.UNCHANGED, "fetched less than " + floor().toSeconds()
					+ "s ago (the minimum interval between requested fetches)", this.current.get().generation());
		}
		this.lastRequestedFetch = this.clock.instant();
		return fetchAndApply();
	}

	private boolean isWithinFloor() {
		return this.lastRequestedFetch != null && this.clock.instant().isBefore(floorEnd());
	}

	private RefreshResult fetchAndApply() {
		return this.observations.fetch(this.source.type(), this::fetchAndApplyObserved);
	}

	private RefreshResult fetchAndApplyObserved() {
		Instant now = this.clock.instant();
		CredentialsSnapshot old = this.current.get();
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
		this.current.validating(true);
		try {
			return validateAndApply(url, old, now);
		}
		finally {
			this.current.validating(false);
		}
	}

	private RefreshResult validateAndApply(DatabaseUrl url, CredentialsSnapshot old, Instant now) {
		Connection kept;
		try {
			kept = this.observations.validation("new-credentials", () -> this.validator.validateAndKeep(url));
		}
		catch (SQLException ex) {
			return failed(old, "the database did not accept the new credentials (SQL state " + ex.getSQLState() + "): "
					+ Secrets.mask(ex.getMessage(), url, old.url()));
		}
		CredentialsSnapshot next = new CredentialsSnapshot(url, old.generation() + 1, now);
		if (kept != null) {
			this.logins.keep(kept, next.generation());
		}
		this.history.changed(now);
		if (!url.hosts().equals(old.url().hosts())) {
			this.history.hostChanged();
		}
		logger.info("Database credentials changed (generation " + next.generation() + ", fingerprint "
				+ url.fingerprint() + ", hosts " + url.hosts() + ")");
		this.current.replace(next);
		return new RefreshResult(Outcome.CHANGED, null, next.generation());
	}

	private RefreshResult failed(CredentialsSnapshot old, String reason) {
		this.history.failed(reason);
		logger.warn("Database credentials refresh failed, keeping generation " + old.generation() + ": " + reason);
		return new RefreshResult(Outcome.FAILED, reason, old.generation());
	}

}
