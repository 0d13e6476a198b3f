package io.github.herokupg.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import io.github.herokupg.credentials.BackgroundTasks;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.RefreshResult;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.github.herokupg.testsupport.Jdbc.queryForString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter's background work belongs to the application context: when it closes
 * right after a rotation (a connection replacement running, the validating connection
 * kept for the pool), every thread stops and nothing holds or opens a connection.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class BackgroundTasksLifecycleTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HerokuPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class))
		.withPropertyValues("heroku.postgres.source.type=file", "heroku.postgres.refresh.min-interval=0s");

	@TempDir
	Path directory;

	@Test
	void closingTheContextStopsEveryBackgroundThreadAndClosesWhatItKept() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("lifecycle");
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		String backends = "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + role.name() + "'";
		this.runner.withPropertyValues("heroku.postgres.source.file=" + file).run((context) -> {
			assertThat(queryForString(context.getBean(DataSource.class), "SELECT 1")).isEqualTo("1");
			Files.writeString(file, role.rotate().databaseUrl());
			assertThat(context.getBean(DatabaseCredentials.class).refresh().outcome())
				.isEqualTo(RefreshResult.Outcome.CHANGED);
			assertThat(context.getBean(BackgroundTasks.class).isRunning()).isTrue();
		});
		// the kept connection would live 5 s: it is closed with the context
		await().atMost(Duration.ofSeconds(2)).until(() -> role.server().queryForInt(backends) == 0);
		await().atMost(Duration.ofSeconds(5)).until(() -> backgroundThreads() == 0);
	}

	private static long backgroundThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith("heroku-postgres-"))
			.count();
	}

}
