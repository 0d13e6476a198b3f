package io.github.herokupg.pooler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import io.github.herokupg.actuate.DatabaseCredentialsEndpoint;
import io.github.herokupg.actuate.DatabaseCredentialsMetrics;
import io.github.herokupg.autoconfigure.HerokuPostgresActuatorAutoConfiguration;
import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;
import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.test.server.HerokuLikePostgres;
import io.github.herokupg.test.server.PgBouncer;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.FakeHerokuApi;
import io.github.herokupg.testsupport.Jdbc;
import io.github.herokupg.url.InvalidDatabaseUrlException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The pooler endpoint without a pooler in between: its URL points at the same server
 * (with another {@code application_name}, to tell the endpoints apart), which is enough
 * to check what the application's pool uses, which driver settings apply, and how the
 * two endpoints share fetches, health and metrics. {@link PgBouncerTests} runs a real
 * PgBouncer.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class PoolerEndpointTests {

	private static final String POOLER = "DATABASE_CONNECTION_POOL_URL";

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(HerokuPostgresAutoConfiguration.class, HerokuPostgresActuatorAutoConfiguration.class,
				DataSourceAutoConfiguration.class));

	@TempDir
	Path directory;

	@Test
	void poolUsesThePoolerWithoutNamedServerSideStatements() {
		TestRole role = SharedHerokuPostgres.newRole("pooler");
		this.runner.withPropertyValues(direct(role), pooler(role, "")).run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(Jdbc.queryForString(dataSource, "SHOW application_name")).isEqualTo("pooler");
			assertThat(prepareThreshold(dataSource)).isZero();
			assertThat(context.getBean(DatabaseEndpoints.class).all()).containsOnlyKeys("direct", "pooler");
		});
	}

	@Test
	void poolerUrlMayAskForPreparedStatements() {
		TestRole role = SharedHerokuPostgres.newRole("pooler_url");
		this.runner.withPropertyValues(direct(role), pooler(role, "&prepareThreshold=3"))
			.run((context) -> assertThat(prepareThreshold(context.getBean(DataSource.class))).isEqualTo(3));
	}

	@Test
	void dataSourcePropertiesMayAskForPreparedStatements() {
		TestRole role = SharedHerokuPostgres.newRole("pooler_props");
		this.runner
			.withPropertyValues(direct(role), pooler(role, ""),
					"spring.datasource.hikari.data-source-properties.prepareThreshold=2")
			.run((context) -> assertThat(prepareThreshold(context.getBean(DataSource.class))).isEqualTo(2));
	}

	@Test
	void poolGoesDirectWithoutThePoolerVariable() {
		TestRole role = SharedHerokuPostgres.newRole("no_pooler");
		this.runner.withPropertyValues(direct(role)).run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(Jdbc.queryForString(dataSource, "SHOW application_name")).isEqualTo("direct");
			assertThat(prepareThreshold(dataSource)).isEqualTo(5);
			assertThat(context.getBean(DatabaseEndpoints.class).all()).containsOnlyKeys("direct");
		});
	}

	@Test
	void poolGoesDirectWhenThePoolerIsDisabled() {
		TestRole role = SharedHerokuPostgres.newRole("pooler_off");
		this.runner.withPropertyValues(direct(role), pooler(role, ""), "heroku.postgres.pooler.enabled=false")
			.run((context) -> assertThat(Jdbc.queryForString(context.getBean(DataSource.class),
					"SHOW application_name"))
				.isEqualTo("direct"));
	}

	@Test
	void refusesAPoolerForAnotherUser() {
		TestRole role = SharedHerokuPostgres.newRole("pooler_user");
		TestRole other = SharedHerokuPostgres.newRole("pooler_other");
		this.runner.withPropertyValues(direct(role), POOLER + "=" + other.databaseUrl())
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidDatabaseUrlException.class)
				.hasMessageContaining(POOLER)
				.hasMessageContaining("another user than DATABASE_URL")
				.hasMessageNotContaining(other.password()));
	}

	@Test
	void refusesAPoolerForAnotherDatabase() {
		TestRole role = SharedHerokuPostgres.newRole("pooler_db");
		this.runner.withPropertyValues(direct(role), POOLER + "=" + role.databaseUrl().replace("/postgres", "/other"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("another database than DATABASE_URL")
				.hasMessageNotContaining(role.password()));
	}

	@Test
	void refusesAnUnparseablePoolerUrl() {
		TestRole role = SharedHerokuPostgres.newRole("pooler_bad");
		this.runner.withPropertyValues(direct(role), POOLER + "=postgres://u:" + role.password() + "@h:99999/db")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidDatabaseUrlException.class)
				.hasMessageStartingWith(POOLER + " is not a usable PostgreSQL connection string")
				.hasMessageNotContaining(role.password()));
	}

	@Test
	void neverFallsBackToTheDirectUrlWhenThePoolerRefusesTls() {
		TestRole role = SharedHerokuPostgres.newRole("pooler_plain");
		try (HerokuLikePostgres plain = HerokuLikePostgres.startWithoutTls()) {
			TestRole samePlain = plain.newRole(role.name(), role.password());
			this.runner.withPropertyValues(direct(role), POOLER + "=" + samePlain.databaseUrl())
				.run((context) -> assertThatExceptionOfType(SQLException.class)
					.isThrownBy(() -> Jdbc.queryForString(context.getBean(DataSource.class), "SELECT 1"))
					.withMessageContaining("does not support SSL")
					.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(role.password())));
		}
	}

	@Test
	void oneApiCallAnswersBothEndpoints() {
		TestRole role = SharedHerokuPostgres.newRole("pooler_api");
		try (FakeHerokuApi api = FakeHerokuApi.start("my-app")) {
			api.serve(Map.of("DATABASE_URL", role.databaseUrl(), POOLER, role.databaseUrl() + "?application_name=pooler"));
			this.runner
				.withPropertyValues("heroku.postgres.source.type=heroku-api", "heroku.postgres.source.heroku-api.app=my-app",
						"heroku.postgres.source.heroku-api.token=t0ken", "heroku.postgres.source.heroku-api.base-url="
								+ api.baseUrl(), "heroku.postgres.refresh.interval=0")
				.run((context) -> {
					assertThat(api.requests()).isEqualTo(1);
					DatabaseEndpoints endpoints = context.getBean(DatabaseEndpoints.class);
					assertThat(endpoints.pooler()).isNotNull();
					endpoints.direct().refresh();
					await().atMost(Duration.ofSeconds(10))
						.until(() -> endpoints.application().status().lastRefresh() != null
								&& endpoints.application().status().refreshes().values().stream()
									.mapToLong(Long::longValue).sum() == 1);
					assertThat(api.requests()).isEqualTo(2);
				});
		}
	}

	@Test
	void rejectedPasswordOnThePoolerRefreshesBothEndpoints() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("pooler_rotation");
		Path direct = Files.writeString(this.directory.resolve("DATABASE_URL"), role.databaseUrl());
		Path pooler = Files.writeString(this.directory.resolve(POOLER), role.databaseUrl() + "?application_name=pooler");
		this.runner
			.withPropertyValues("heroku.postgres.source.type=file", "heroku.postgres.source.file=" + direct,
					"heroku.postgres.refresh.interval=0", "heroku.postgres.refresh.min-interval=100ms")
			.run((context) -> {
				DatabaseEndpoints endpoints = context.getBean(DatabaseEndpoints.class);
				TestRole rotated = role.rotate();
				Files.writeString(pooler, rotated.databaseUrl() + "?application_name=pooler");
				Files.writeString(direct, rotated.databaseUrl());
				role.server().terminateBackends(role.name());
				// a new physical connection through the pooler meets 28P01 and fetches once
				assertThat(Jdbc.queryForString(context.getBean(DataSource.class), "SHOW application_name"))
					.isEqualTo("pooler");
				assertThat(endpoints.application().current().generation()).isEqualTo(2);
				await().atMost(Duration.ofSeconds(10)).until(() -> endpoints.direct().current().generation() == 2);
			});
	}

	@Test
	void healthEndpointAndMetricsShowEachEndpoint() {
		TestRole role = SharedHerokuPostgres.newRole("pooler_health");
		this.runner
			.withPropertyValues(direct(role), pooler(role, ""),
					"management.endpoints.web.exposure.include=databasecredentials")
			.run((context) -> {
			HealthContributor health = context.getBean("databasecredentialsHealthIndicator", HealthContributor.class);
			assertThat(health).isInstanceOf(CompositeHealthContributor.class);
			assertThat(((CompositeHealthContributor) health).stream().map((entry) -> entry.name()))
				.containsExactly("direct", "pooler");
			DatabaseCredentialsEndpoint.DatabaseCredentialsDescriptor descriptor = context
				.getBean(DatabaseCredentialsEndpoint.class)
				.credentials();
			assertThat(descriptor.endpoints()).containsOnlyKeys("direct", "pooler");
			assertThat(descriptor.endpoints().get("pooler").user()).doesNotContain(role.name());
			assertThat(descriptor.endpoints().get("pooler").fingerprint()).hasSize(8);
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(DatabaseCredentialsMetrics.class).bindTo(registry);
			assertThat(registry.get("heroku.postgres.credentials.change.age").tag("endpoint", "pooler").gauge())
				.isNotNull();
			assertThat(registry.get("heroku.postgres.credentials.refreshes")
				.tags("endpoint", "direct", "outcome", "changed")
				.functionCounter()).isNotNull();
		});
	}

	private static String direct(TestRole role) {
		return "DATABASE_URL=" + role.databaseUrl() + "?application_name=direct";
	}

	private static String pooler(TestRole role, String parameters) {
		return POOLER + "=" + role.databaseUrl() + "?application_name=pooler" + parameters;
	}

	private static int prepareThreshold(DataSource dataSource) throws Exception {
		try (Connection connection = dataSource.getConnection()) {
			return connection.unwrap(PGConnection.class).getPrepareThreshold();
		}
	}

}
