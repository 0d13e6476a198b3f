package io.github.herokupg.actuate;

import java.time.Clock;
import java.time.Duration;

import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.RefreshResult.Outcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer metrics of the credentials: {@code heroku.postgres.credentials.refreshes}
 * counted by {@code outcome}, and {@code heroku.postgres.credentials.change.age}, the
 * seconds since the last change.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class DatabaseCredentialsMetrics implements MeterBinder {

	private final DatabaseCredentials credentials;

	private final Clock clock;

	/**
	 * Create the metrics.
	 * @param credentials the credentials
	 * @param clock the clock used for ages
	 */
	public DatabaseCredentialsMetrics(DatabaseCredentials credentials, Clock clock) {
		this.credentials = credentials;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (Outcome outcome : Outcome.values()) {
			FunctionCounter
				.builder("heroku.postgres.credentials.refreshes", this.credentials,
						(credentials) -> credentials.status().refreshes().get(outcome))
				.tag("outcome", outcome.value())
				.description("Refreshes of the database credentials")
				.register(registry);
		}
		Gauge.builder("heroku.postgres.credentials.change.age", this.credentials,
				(credentials) -> Duration.between(credentials.status().lastChange(), this.clock.instant()).toMillis() / 1000.0)
			.baseUnit("seconds")
			.description("Time since the database credentials last changed")
			.register(registry);
	}

}
