package io.github.herokupg.actuate;

import java.time.Clock;
import java.time.Duration;

import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.DatabaseEndpoints;
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

	private final DatabaseEndpoints endpoints;

	private final Clock clock;

	/**
	 * Create the metrics.
	 * @param endpoints the database endpoints, each tagged by its name
	 * @param clock the clock used for ages
	 */
	public DatabaseCredentialsMetrics(DatabaseEndpoints endpoints, Clock clock) {
		this.endpoints = endpoints;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.endpoints.all().forEach((name, credentials) -> bindTo(registry, name, credentials));
	}

	private void bindTo(MeterRegistry registry, String endpoint, DatabaseCredentials credentials) {
		for (Outcome outcome : Outcome.values()) {
			FunctionCounter
				.builder("heroku.postgres.credentials.refreshes", credentials,
						(measured) -> measured.status().refreshes().getOrDefault(outcome, 0L))
				.tag("outcome", outcome.value())
				.tag("endpoint", endpoint)
				.description("Refreshes of the database credentials")
				.register(registry);
		}
		FunctionCounter
			.builder("heroku.postgres.credentials.host.changes", credentials,
					(measured) -> measured.status().hostChanges())
			.tag("endpoint", endpoint)
			.description("Changes of the database credentials that moved the endpoint to other hosts")
			.register(registry);
		Gauge.builder("heroku.postgres.credentials.change.age", credentials,
				(measured) -> Duration.between(measured.status().lastChange(), this.clock.instant()).toMillis() / 1000.0)
			.tag("endpoint", endpoint)
			.baseUnit("seconds")
			.description("Time since the database credentials last changed")
			.register(registry);
	}

}
