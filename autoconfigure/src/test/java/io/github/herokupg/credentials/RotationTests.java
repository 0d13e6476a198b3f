package io.github.herokupg.credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;
import io.github.herokupg.test.server.HerokuLikePostgres;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.Jdbc;
import io.github.herokupg.testsupport.QueryLoad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Credential rotation and host moves under steady query load from several threads, as
 * Heroku does them: {@code ALTER ROLE ... PASSWORD}, the new URL appears in the source,
 * the role's backends are terminated (or the old server stops).
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class RotationTests {

	private static final int THREADS = 8;

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HerokuPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class))
		.withPropertyValues("heroku.postgres.source.type=file", "heroku.postgres.refresh.min-interval=200ms",
				"spring.datasource.hikari.maximum-pool-size=" + THREADS, "spring.datasource.hikari.connection-timeout=10000");

	@Test
	void recoversFromRotationWithPeriodicRefresh() throws Exception {
		rotateUnderLoad("periodic refresh", "heroku.postgres.refresh.interval=250ms",
				"heroku.postgres.refresh.on-auth-failure=false");
	}

	@Test
	void recoversFromRotationWithRefreshOnAuthFailure() throws Exception {
		rotateUnderLoad("refresh on auth failure", "heroku.postgres.refresh.interval=0");
	}

	@Test
	void recoversFromRotationWithLazyConnectionFetch() throws Exception {
		rotateUnderLoad("lazy connection fetch", "spring.datasource.connection-fetch=lazy",
				"heroku.postgres.refresh.interval=250ms");
	}

	private void rotateUnderLoad(String mode, String... properties) throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("rotation");
		Path file = Files.writeString(this.directory.resolve("database-url"), role.databaseUrl());
		this.runner.withPropertyValues("heroku.postgres.source.file=" + file).withPropertyValues(properties).run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource instanceof LazyConnectionDataSourceProxy)
				.isEqualTo(List.of(properties).contains("spring.datasource.connection-fetch=lazy"));
			AtomicLong changed = new AtomicLong();
			context.getBean(DatabaseCredentials.class).addChangeListener((snapshot) -> changed.set(System.nanoTime()));
			try (QueryLoad load = QueryLoad.start(dataSource, THREADS)) {
				await().atMost(Duration.ofSeconds(20)).until(() -> load.successesAfter(0) > 200);
				TestRole rotated = role.rotate();
				Files.writeString(file, rotated.databaseUrl());
				long visible = System.nanoTime();
				int terminated = role.server().terminateBackends(role.name());
				long terminatedAt = System.nanoTime();
				await().atMost(Duration.ofSeconds(20)).until(() -> changed.get() > 0);
				// a periodic refresh may find the new URL before the old sessions end: the new
				// credentials arrive for the pool when both happened
				long arrived = Math.max(changed.get(), terminatedAt);
				await().atMost(Duration.ofSeconds(20)).until(() -> load.firstSuccessAfter(arrived) > 0);
				long recovered = load.firstSuccessAfter(arrived);
				long observed = System.nanoTime();
				await().atMost(Duration.ofSeconds(20)).until(() -> load.successesAfter(recovered) > 500);
				// README: the only failed queries are the ones running on the terminated connections
				assertThat(load.failuresAfter(visible)).hasSizeLessThanOrEqualTo(terminated);
				// once recovered and settled, nothing fails (a connection HikariCP used within its
				// 500 ms alive-bypass may still meet the termination just after the first success)
				long settled = Math.max(recovered, observed);
				assertThat(load.failuresAfter(settled)).isEmpty();
				// README: new credentials are used within 200 ms of their arrival
				assertThat(Duration.ofNanos(recovered - arrived)).as("first query on the new credentials, " + mode)
					.isLessThanOrEqualTo(Duration.ofMillis(200));
			}
		});
	}

	@Test
	void followsHostMoveWithoutFailedQueriesAfterRecovery() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("move");
		try (HerokuLikePostgres target = HerokuLikePostgres.start()) {
			TestRole moved = target.newRole(role.name(), role.password());
			HerokuLikePostgres source = HerokuLikePostgres.start();
			TestRole original = source.newRole(role.name(), role.password());
			Path file = Files.writeString(this.directory.resolve("database-url"), original.databaseUrl());
			this.runner.withPropertyValues("heroku.postgres.source.file=" + file, "heroku.postgres.refresh.interval=250ms")
				.run((context) -> {
					DataSource dataSource = context.getBean(DataSource.class);
					try (QueryLoad load = QueryLoad.start(dataSource, THREADS)) {
						await().atMost(Duration.ofSeconds(20)).until(() -> load.successesAfter(0) > 200);
						Files.writeString(file, moved.databaseUrl());
						long visible = System.nanoTime();
						source.close();
						await().atMost(Duration.ofSeconds(20)).until(() -> load.firstSuccessAfter(visible) > 0
								&& context.getBean(DatabaseCredentials.class).current().generation() == 2);
						long recovered = System.nanoTime();
						await().atMost(Duration.ofSeconds(20)).until(() -> load.successesAfter(recovered) > 500);
						assertThat(load.failuresAfter(recovered)).isEmpty();
						assertThat(Jdbc.queryForString(dataSource,
								"SELECT inet_server_port()")).isEqualTo(String.valueOf(target.port()));
					}
				});
		}
	}

}
