package io.github.herokupg.health;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.autoconfigure.HerokuPostgresActuatorAutoConfiguration;
import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@code databasecredentials} as a member of Spring Boot's {@code readiness}
 * group: an instance whose credentials are dead stops taking traffic while its liveness
 * stays up, so the platform does not restart it for a fault a restart cannot fix.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class ReadinessGroupTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HerokuPostgresAutoConfiguration.class,
				DataSourceAutoConfiguration.class, HerokuPostgresActuatorAutoConfiguration.class,
				ApplicationAvailabilityAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
				AvailabilityHealthContributorAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class))
		.withPropertyValues("heroku.postgres.source.type=file", "heroku.postgres.refresh.interval=0",
				"heroku.postgres.refresh.min-interval=100ms", "management.endpoint.health.probes.enabled=true",
				"spring.datasource.hikari.connection-timeout=1000");

	@Test
	void deadCredentialsTakeTheInstanceOutOfReadinessButNotOutOfLiveness() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("ready");
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		this.runner
			.withPropertyValues("heroku.postgres.source.file=" + file,
					"management.endpoint.health.group.readiness.include=readinessState,databasecredentials")
			.run((context) -> {
				HealthEndpoint health = started(context);
				assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
				TestRole rotated = role.rotate();
				loginsFail(context);
				assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.healthForPath("liveness").getStatus()).isEqualTo(Status.UP);
				Files.writeString(file, rotated.databaseUrl());
				DataSource connections = context.getBean(HikariDataSource.class).getDataSource();
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					connections.getConnection().close();
					assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
				});
			});
	}

	@Test
	void withoutTheGroupPropertyReadinessIgnoresTheCredentials() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("notready");
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		this.runner.withPropertyValues("heroku.postgres.source.file=" + file).run((context) -> {
			HealthEndpoint health = started(context);
			role.rotate();
			loginsFail(context);
			assertThat(health.healthForPath("databasecredentials").getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
		});
	}

	private static HealthEndpoint started(AssertableApplicationContext context) {
		AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
		AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
		return context.getBean(HealthEndpoint.class);
	}

	/** A new physical connection meets the rejected password, as the pool's next one would. */
	private static void loginsFail(AssertableApplicationContext context) {
		DataSource connections = context.getBean(HikariDataSource.class).getDataSource();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> connections.getConnection().close()));
	}

}
