package io.github.herokupg.autoconfigure;

import java.util.List;

import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.url.InvalidDatabaseUrlException;
import io.github.herokupg.url.SslMode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the one TLS floor for every path: a refused driver property fails startup
 * with a failure analysis wherever it comes from (the connection string of the direct
 * endpoint, the pooler, a follower or an attachment; any pool's
 * {@code data-source-properties}), and {@code verify-ca} without a CA of its own runs as
 * {@code verify-full}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class TlsFloorEverywhereTests {

	private static final TestRole role = SharedHerokuPostgres.newRole("floor");

	private static final List<String> REFUSED_DRIVER_PROPERTIES = List.of("sslfactory", "sslfactoryarg",
			"sslhostnameverifier", "sslpasswordcallback", "authenticationPluginClassName", "user", "password",
			"sslmode", "ssl", "service", "PGHOST");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HerokuPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class))
		.withPropertyValues("DATABASE_URL=" + role.databaseUrl(),
				"heroku.postgres.databases.analytics.url-variable=ANALYTICS_URL", "ANALYTICS_URL=" + role.databaseUrl());

	@Test
	void refusesWeakeningParametersInTheConnectionStringOfEveryEndpoint() {
		String weakened = role.databaseUrl() + "?sslfactory=org.postgresql.ssl.NonValidatingFactory";
		assertRefusedUrl("DATABASE_URL", "DATABASE_URL=" + weakened);
		assertRefusedUrl("DATABASE_CONNECTION_POOL_URL", "DATABASE_CONNECTION_POOL_URL=" + weakened);
		assertRefusedUrl("HEROKU_POSTGRESQL_PINK_URL", "heroku.postgres.replica.url-variables=HEROKU_POSTGRESQL_PINK_URL",
				"HEROKU_POSTGRESQL_PINK_URL=" + weakened);
		assertRefusedUrl("ANALYTICS_URL", "ANALYTICS_URL=" + weakened);
	}

	@Test
	void refusesEveryWeakeningKeyInEveryPoolsDataSourceProperties() {
		List<String> prefixes = List.of("spring.datasource.hikari.data-source-properties",
				"heroku.postgres.replica.hikari.data-source-properties",
				"heroku.postgres.databases.analytics.hikari.data-source-properties");
		for (String prefix : prefixes) {
			for (String key : REFUSED_DRIVER_PROPERTIES) {
				String property = prefix + "[" + key + "]";
				this.runner.withPropertyValues(property + "=x").run((context) -> {
					assertThat(context).getFailure()
						.as(property)
						.rootCause()
						.isInstanceOf(RefusedDriverPropertyException.class)
						.hasMessageStartingWith(prefix + "." + key + " is refused: ");
					FailureAnalysis analysis = new RefusedDriverPropertyFailureAnalyzer()
						.analyze(context.getStartupFailure());
					assertThat(analysis.getDescription()).contains(prefix + "." + key);
					assertThat(analysis.getAction()).contains("heroku.postgres.ssl.root-cert")
						.contains("heroku.postgres.ssl.bundle");
				});
			}
		}
	}

	@Test
	void comparesDriverPropertyNamesWithoutRegardToCase() {
		this.runner.withPropertyValues("spring.datasource.hikari.data-source-properties.SSLHostnameVerifier=x")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(RefusedDriverPropertyException.class));
	}

	@Test
	void runsVerifyCaAsVerifyFullWhenOnlyTheJvmTrustStoreWouldVerify() {
		this.runner.withPropertyValues("heroku.postgres.ssl.mode=verify-ca").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(DatabaseCredentials.class).current().url().sslMode())
				.isEqualTo(SslMode.VERIFY_FULL);
		});
		this.runner
			.withPropertyValues("heroku.postgres.ssl.mode=verify-ca",
					"heroku.postgres.ssl.root-cert=" + SharedHerokuPostgres.get().caCertificate())
			.run((context) -> assertThat(context.getBean(DatabaseCredentials.class).current().url().sslMode())
				.isEqualTo(SslMode.VERIFY_CA));
	}

	private void assertRefusedUrl(String variable, String... properties) {
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).getFailure()
				.as(variable)
				.rootCause()
				.isInstanceOf(InvalidDatabaseUrlException.class)
				.hasMessageContaining(variable + " is not a usable PostgreSQL connection string: parameter "
						+ "\"sslfactory\" is refused")
				.hasMessageNotContaining(role.password());
			FailureAnalysis analysis = new InvalidDatabaseUrlFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getAction()).contains("heroku.postgres.ssl.root-cert");
		});
	}

}
