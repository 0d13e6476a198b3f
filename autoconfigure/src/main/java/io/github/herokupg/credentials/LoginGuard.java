package io.github.herokupg.credentials;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What an endpoint's logins tell: which snapshot the database rejected and when (so that
 * a rejected password is not tried again within the minimum interval), the probe that
 * logs in once when nothing else has for a while, and the connection that validated new
 * credentials, kept for the pool.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class LoginGuard {

	private static final Log logger = LogFactory.getLog(LoginGuard.class);

	private final CredentialValidator validator;

	private final Clock clock;

	private final Duration minInterval;

	private final RefreshHistory history;

	private final ValidatedConnection validated;

	private final CredentialsObservations observations;

	private volatile @Nullable Instant lastLogin;

	private volatile @Nullable Instant lastProbe;

	private final Object probeLock = new Object();

	LoginGuard(CredentialValidator validator, Clock clock, Duration minInterval, RefreshHistory history,
			@Nullable BackgroundTasks tasks, CredentialsObservations observations) {
		this.validator = validator;
		this.clock = clock;
		this.minInterval = minInterval;
		this.history = history;
		this.validated = new ValidatedConnection(tasks);
		this.observations = observations;
	}

	void rejected(CredentialsSnapshot snapshot) {
		this.history.rejected(snapshot.generation(), this.clock.instant());
	}

	void accepted(CredentialsSnapshot snapshot) {
		this.history.accepted(snapshot.generation());
		this.lastLogin = this.clock.instant();
	}

	boolean isRecentlyRejected(CredentialsSnapshot snapshot) {
		return this.history.isRejectedSince(snapshot.generation(), this.clock.instant().minus(this.minInterval));
	}

	/**
	 * Keep the connection that validated a new snapshot, for the pool's first connection
	 * with it.
	 */
	void keep(Connection connection, long generation) {
		this.validated.keep(connection, generation);
	}

	@Nullable Connection takeValidatedConnection(CredentialsSnapshot snapshot) {
		return this.validated.take(snapshot.generation());
	}

	/**
	 * Log in once with a snapshot unless a login or a probe happened within the interval
	 * or the snapshot was rejected within the minimum interval.
	 */
	void probeIfIdle(CredentialsSnapshot snapshot, Duration interval) {
		Instant now = this.clock.instant();
		Instant since = now.minus(interval);
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
			this.observations.validation("probe", () -> {
				this.validator.validate(snapshot.url());
				return null;
			});
			accepted(snapshot);
		}
		catch (SQLException ex) {
			if (PasswordRejection.is(ex)) {
				logger.warn("A fresh login with the credentials of generation " + snapshot.generation()
						+ " was rejected: the database no longer accepts them");
				rejected(snapshot);
			}
		}
	}

}
