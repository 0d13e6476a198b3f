package io.github.herokupg.health;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import io.github.herokupg.credentials.CredentialsStatus;
import io.github.herokupg.credentials.DatabaseCredentials;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports whether the database credentials are fresh and accepted: UP while the current
 * credentials were fetched and accepted, DOWN when the database rejects them and no
 * newer ones can be fetched.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class DatabaseCredentialsHealthIndicator extends AbstractHealthIndicator {

	private final DatabaseCredentials credentials;

	private final Clock clock;

	private final Supplier<Map<String, Object>> moreDetails;

	private final Duration probeInterval;

	/**
	 * Create an indicator.
	 * @param credentials the credentials to report on
	 * @param clock the clock used for ages
	 */
	public DatabaseCredentialsHealthIndicator(DatabaseCredentials credentials, Clock clock) {
		this(credentials, clock, Map::of);
	}

	/**
	 * Create an indicator with more details, such as a follower's replication.
	 * @param credentials the credentials to report on
	 * @param clock the clock used for ages
	 * @param moreDetails details to add to the credentials' own
	 */
	public DatabaseCredentialsHealthIndicator(DatabaseCredentials credentials, Clock clock,
			Supplier<Map<String, Object>> moreDetails) {
		this(credentials, clock, moreDetails, Duration.ZERO);
	}

	/**
	 * Create an indicator that logs in afresh when nothing else has for a while.
	 * @param credentials the credentials to report on
	 * @param clock the clock used for ages
	 * @param moreDetails details to add to the credentials' own
	 * @param probeInterval how long without a new physical connection before a health
	 * check logs in once itself, zero for never
	 * @see DatabaseCredentials#probeIfIdle(Duration)
	 */
	public DatabaseCredentialsHealthIndicator(DatabaseCredentials credentials, Clock clock,
			Supplier<Map<String, Object>> moreDetails, Duration probeInterval) {
		super("Database credentials health check failed");
		this.credentials = credentials;
		this.clock = clock;
		this.moreDetails = moreDetails;
		this.probeInterval = probeInterval;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (!this.probeInterval.isZero() && !this.probeInterval.isNegative()) {
			this.credentials.probeIfIdle(this.probeInterval);
		}
		CredentialsStatus status = this.credentials.status();
		if (status.rejected() || status.sourceDenied()) {
			builder.down();
		}
		else {
			builder.up();
		}
		builder.withDetails(CredentialsDescriptor.of(status, this.clock).asMap());
		builder.withDetails(this.moreDetails.get());
	}

}
