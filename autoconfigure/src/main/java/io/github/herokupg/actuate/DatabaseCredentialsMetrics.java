package io.github.herokupg.actuate;

import java.time.Clock;
import java.time.Duration;

import io.github.herokupg.credentials.CredentialsStatus;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.credentials.RefreshResult.Outcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer metrics of the credentials, each tagged by {@code endpoint}:
 * {@code heroku.postgres.credentials.refreshes} counted by {@code outcome},
 * {@code heroku.postgres.credentials.host.changes},
 * {@code heroku.postgres.credentials.rejections} (logins refused with a password
 * rejection), {@code heroku.postgres.credentials.fresh} (1 while the health is up) and {@code heroku.postgres.credentials.change.age}, the seconds since the
 * last change.
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
		FunctionCounter
			.builder("heroku.postgres.credentials.rejections", credentials,
					(measured) -> measured.status().rejections())
			.tag("endpoint", endpoint)
			.description("Logins the database refused with a password rejection")
			.register(registry);
		Gauge.builder("heroku.postgres.credentials.fresh", credentials,
				(measured) -> isFresh(measured.status()) ? 1 : 0)
			.tag("endpoint", endpoint)
			.description("Whether the credentials in use are accepted (1) or rejected with nothing newer to fetch (0), "
					+ "as the databasecredentials health says")
			.register(registry);
		Gauge.builder("heroku.postgres.credentials.change.age", credentials,
				(measured) -> Duration.between(measured.status().lastChange(), this.clock.instant()).toMillis() / 1000.0)
			.tag("endpoint", endpoint)
			.baseUnit("seconds")
			.description("Time since the database credentials last changed")
			.register(registry);
	}

	private static boolean isFresh(CredentialsStatus status) {
		return !status.rejected() && !status.sourceDenied();
	}

}
