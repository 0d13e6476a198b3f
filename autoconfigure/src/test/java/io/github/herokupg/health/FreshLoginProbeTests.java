package io.github.herokupg.health;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.github.herokupg.autoconfigure.HerokuPostgresActuatorAutoConfiguration;
import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.Jdbc;
import io.github.herokupg.testsupport.MutableClock;
import io.github.herokupg.testsupport.SuppliedCredentialSource;
import io.github.herokupg.url.DatabaseUrl;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The health check's fresh login: it notices a password the database no longer accepts
 * while every pooled connection is still alive, without adding logins that could lock
 * the role.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class FreshLoginProbeTests {

	@Test
	void healthGoesDownWhenTheDatabaseRejectsThePasswordOfLivePooledConnections() {
		TestRole role = SharedHerokuPostgres.newRole("probe");
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(HerokuPostgresAutoConfiguration.class,
					HerokuPostgresActuatorAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withPropertyValues("DATABASE_URL=" + role.databaseUrl(), "heroku.postgres.health-probe-interval=200ms",
					"spring.datasource.hikari.minimum-idle=1", "spring.datasource.hikari.maximum-pool-size=1")
			.run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				HealthIndicator health = context.getBean("databasecredentialsHealthIndicator", HealthIndicator.class);
				assertThat(Jdbc.queryForString(dataSource, "SELECT current_user")).isEqualTo(role.name());
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
				role.server().changePassword(role.name(), TestRole.randomPassword());
				assertThat(Jdbc.queryForString(dataSource, "SELECT current_user")).as("the pooled connection lives on")
					.isEqualTo(role.name());
				await().atMost(Duration.ofSeconds(10)).until(() -> health.health().getStatus().equals(Status.DOWN));
				assertThat(health.health().getDetails()).containsEntry("accepted", false);
			});
	}

	@Test
	void probesAtMostOncePerIntervalAndNeverWithinTheLoginCap() {
		MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
		AtomicInteger logins = new AtomicInteger();
		DatabaseCredentials credentials = new DatabaseCredentials(new SuppliedCredentialSource("test", () -> "postgres://u:p@localhost/db"), (url) -> DatabaseUrl.parse("X", url),
				(url) -> {
					logins.incrementAndGet();
					throw new SQLException("password authentication failed", "28P01");
				}, clock, Duration.ofMinutes(5));
		Duration interval = Duration.ofMinutes(1);
		credentials.probeIfIdle(interval);
		assertThat(logins).hasValue(1);
		assertThat(credentials.status().rejected()).isTrue();
		credentials.probeIfIdle(interval);
		clock.advance(Duration.ofMinutes(2));
		// past the interval, but within the minimum interval since the rejection: no login
		credentials.probeIfIdle(interval);
		assertThat(logins).hasValue(1);
		clock.advance(Duration.ofMinutes(4));
		credentials.probeIfIdle(interval);
		assertThat(logins).hasValue(2);
	}

	@Test
	void noProbeWhileThePoolOpensConnections() {
		MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
		AtomicInteger logins = new AtomicInteger();
		DatabaseCredentials credentials = new DatabaseCredentials(new SuppliedCredentialSource("test", () -> "postgres://u:p@localhost/db"), (url) -> DatabaseUrl.parse("X", url),
				(url) -> logins.incrementAndGet(), clock, Duration.ofSeconds(5));
		credentials.accepted(credentials.current());
		clock.advance(Duration.ofSeconds(30));
		credentials.probeIfIdle(Duration.ofMinutes(1));
		assertThat(logins).hasValue(0);
		clock.advance(Duration.ofSeconds(31));
		credentials.probeIfIdle(Duration.ofMinutes(1));
		assertThat(logins).hasValue(1);
	}

}
