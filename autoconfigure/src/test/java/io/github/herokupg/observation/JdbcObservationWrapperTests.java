package io.github.herokupg.observation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.actuate.DatabaseCredentialsEndpoint;
import io.github.herokupg.autoconfigure.HerokuPostgresActuatorAutoConfiguration;
import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.RefreshResult.Outcome;
import io.github.herokupg.health.DatabaseCredentialsHealthIndicator;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.QueryLoad;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import net.ttddyy.observation.boot.autoconfigure.DataSourceObservationAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Behind datasource-micrometer, the JDBC observation wrapper Spring Boot's documentation
 * points to (it replaces the {@code DataSource} bean with a proxy): rotation under load,
 * the connection replacement, the endpoint, the health and HikariCP's meters keep
 * working.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class JdbcObservationWrapperTests {

	private static final int THREADS = 4;

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HerokuPostgresAutoConfiguration.class,
				DataSourceAutoConfiguration.class, HerokuPostgresActuatorAutoConfiguration.class,
				ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				DataSourcePoolMetricsAutoConfiguration.class, DataSourceObservationAutoConfiguration.class))
		.withPropertyValues("heroku.postgres.source.type=file", "heroku.postgres.refresh.interval=0",
				"heroku.postgres.refresh.min-interval=0", "spring.datasource.hikari.pool-name=wrapped",
				"spring.datasource.hikari.maximum-pool-size=" + THREADS,
				"spring.datasource.hikari.minimum-idle=" + THREADS,
				"management.endpoints.web.exposure.include=databasecredentials")
		// the wrapper's tracing handlers need a tracer; no spans are exported here
		.withBean(Tracer.class, () -> Tracer.NOOP);

	@Test
	void rotationUnderLoadReplacementEndpointHealthAndPoolMetersWorkBehindTheWrapper() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("wrapped");
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		this.runner.withPropertyValues("heroku.postgres.source.file=" + file).run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			// the wrapper is in place: the bean is its proxy, not the pool
			assertThat(dataSource).isNotInstanceOf(HikariDataSource.class);
			assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
			DatabaseCredentials credentials = context.getBean(DatabaseCredentials.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			try (QueryLoad load = QueryLoad.start(dataSource, THREADS)) {
				await().atMost(Duration.ofSeconds(30)).until(() -> load.successesAfter(0) > 100);
				// the password changes; PostgreSQL keeps the sessions opened with the old one
				TestRole rotated = role.rotate();
				Instant changed = Instant.now();
				Files.writeString(file, rotated.databaseUrl());
				assertThat(credentials.refresh().outcome()).isEqualTo(Outcome.CHANGED);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> SharedHerokuPostgres.get().backendsStartedBefore(role.name(), changed) == 0);
				long replaced = System.nanoTime();
				await().atMost(Duration.ofSeconds(10)).until(() -> load.successesAfter(replaced) > 100);
				assertThat(load.failuresAfter(0)).isEmpty();
			}
			assertThat(meters.get("hikaricp.connections.timeout").tag("pool", "wrapped").counter().count()).isZero();
			assertThat(meters.get("hikaricp.connections").tag("pool", "wrapped").gauge().value()).isEqualTo(THREADS);
			assertThat(meters.get("jdbc.query").timers()).as("the wrapper observed the queries").isNotEmpty();

			DatabaseCredentialsEndpoint endpoint = context.getBean(DatabaseCredentialsEndpoint.class);
			assertThat(endpoint.credentials().direct().generation()).isEqualTo(2L);
			assertThat(endpoint.credentials().pools()).containsKey("dataSource");
			assertThat(endpoint.credentials().pools().get("dataSource").onOlderCredentials()).isZero();
			DatabaseCredentialsHealthIndicator health = context.getBean("databasecredentialsHealthIndicator",
					DatabaseCredentialsHealthIndicator.class);
			assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
		});
	}

}
