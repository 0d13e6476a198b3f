package io.github.herokupg.actuate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.autoconfigure.HerokuPostgresActuatorAutoConfiguration;
import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.health.DatabaseCredentialsHealthIndicator;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the {@code databasecredentials} health indicator, endpoint and metrics
 * against a real database whose password is rotated.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class DatabaseCredentialsActuatorTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HerokuPostgresAutoConfiguration.class,
				DataSourceAutoConfiguration.class, HerokuPostgresActuatorAutoConfiguration.class))
		.withPropertyValues("heroku.postgres.source.type=file", "heroku.postgres.refresh.interval=0",
				"heroku.postgres.refresh.min-interval=100ms", "management.endpoints.web.exposure.include=databasecredentials",
				"spring.datasource.hikari.connection-timeout=1000");

	@Test
	void healthGoesDownWhenTheDatabaseRejectsTheCredentialsAndUpAfterRefresh() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("health");
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		this.runner.withPropertyValues("heroku.postgres.source.file=" + file).run((context) -> {
			DatabaseCredentialsHealthIndicator health = context.getBean("databasecredentialsHealthIndicator",
					DatabaseCredentialsHealthIndicator.class);
			DatabaseCredentialsEndpoint endpoint = context.getBean(DatabaseCredentialsEndpoint.class);
			// new physical connections, as the pool opens them
			DataSource dataSource = context.getBean(HikariDataSource.class).getDataSource();
			dataSource.getConnection().close();
			assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
			TestRole rotated = role.rotate();
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> dataSource.getConnection().close());
				assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
			});
			Files.writeString(file, rotated.databaseUrl());
			await().atMost(Duration.ofSeconds(30)).until(() -> "changed".equals(endpoint.refresh().outcome()));
			Health up = health.health(true);
			assertThat(up.getStatus()).isEqualTo(Status.UP);
			assertThat(up.getDetails()).containsEntry("generation", 2L)
				.containsEntry("changes", 1L)
				.containsEntry("sslMode", "require")
				.containsEntry("host", "localhost")
				.containsEntry("source", Map.of("type", "file", "location", file.toString()))
				.containsKeys("fingerprint", "lastRefresh", "lastChange", "user", "database", "refreshes");
			dataSource.getConnection().close();
			assertThat(up.toString() + endpoint.credentials()).doesNotContain(role.password())
				.doesNotContain(rotated.password());
		});
	}

	@Test
	void endpointAnswersChangedUnchangedOrFailed() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("endpoint");
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		this.runner.withPropertyValues("heroku.postgres.source.file=" + file).run((context) -> {
			DatabaseCredentialsEndpoint endpoint = context.getBean(DatabaseCredentialsEndpoint.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> endpoint.refresh().reason() == null);
			assertThat(endpoint.refresh().outcome()).isEqualTo("unchanged");
			Files.writeString(file, "postgres://user:password@/db");
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				RefreshResponse response = endpoint.refresh();
				assertThat(response.outcome()).isEqualTo("failed");
				assertThat(response.reason()).contains("not a usable");
			});
			TestRole rotated = role.rotate();
			Files.writeString(file, rotated.databaseUrl());
			await().atMost(Duration.ofSeconds(30)).until(() -> "changed".equals(endpoint.refresh().outcome()));
			assertThat(endpoint.credentials().direct().generation()).isEqualTo(2L);
			assertThat(endpoint.credentials().direct().consecutiveFailures()).isZero();
		});
	}

	@Test
	void repeatedRequestsCannotFetchMoreOftenThanTheFloor() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("floor");
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		this.runner.withPropertyValues("heroku.postgres.source.file=" + file, "heroku.postgres.refresh.min-interval=1h")
			.run((context) -> {
				DatabaseCredentialsEndpoint endpoint = context.getBean(DatabaseCredentialsEndpoint.class);
				for (int i = 0; i < 20; i++) {
					endpoint.refresh();
				}
				RefreshResponse response = endpoint.refresh();
				assertThat(response.outcome()).isEqualTo("unchanged");
				assertThat(response.reason()).contains("minimum interval");
				Map<String, Long> refreshes = endpoint.credentials().direct().refreshes();
				assertThat(refreshes).containsEntry("unchanged", 1L).containsEntry("changed", 0L).containsEntry("failed", 0L);
			});
	}

	@Test
	void metricsCountRefreshesByOutcome() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("metrics");
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		this.runner.withPropertyValues("heroku.postgres.source.file=" + file).run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(DatabaseCredentialsMetrics.class).bindTo(registry);
			DatabaseCredentials credentials = context.getBean(DatabaseCredentials.class);
			credentials.refresh();
			Files.writeString(file, role.rotate().databaseUrl());
			credentials.refresh();
			assertThat(registry.get("heroku.postgres.credentials.refreshes").tag("outcome", "unchanged").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("heroku.postgres.credentials.refreshes").tag("outcome", "changed").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("heroku.postgres.credentials.change.age").gauge().value()).isBetween(0.0, 60.0);
			assertThat(registry.get("heroku.postgres.credentials.host.changes").tag("endpoint", "direct")
				.functionCounter()
				.count()).isZero();
		});
	}

	@Test
	void healthIndicatorCanBeDisabled() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("disabled");
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		this.runner
			.withPropertyValues("heroku.postgres.source.file=" + file, "management.health.databasecredentials.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DatabaseCredentialsHealthIndicator.class)
				.hasSingleBean(DatabaseCredentialsEndpoint.class));
	}

	@Test
	void endpointIsNotCreatedUnlessExposed() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("hidden");
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		this.runner.withPropertyValues("heroku.postgres.source.file=" + file, "management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(DatabaseCredentialsEndpoint.class)
				.hasSingleBean(DatabaseCredentialsHealthIndicator.class));
	}

}
