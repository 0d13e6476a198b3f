package io.github.herokupg.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.RefreshResult;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * With the starter's, HikariCP's and pgjdbc's logging at the most verbose levels, the
 * password appears in no log line, exception message or {@code toString()}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class NoSecretInLogsTests {

	@Test
	void passwordNeverAppearsInLogsMessagesOrToString(CapturedOutput output) throws SQLException {
		TestRole role = SharedHerokuPostgres.newRole("logs");
		TestRole wrongPassword = new TestRole(role.server(), role.name(), TestRole.randomPassword());
		StringBuilder seen = new StringBuilder();
		try (ConfigurableApplicationContext context = start(role.databaseUrl())) {
			DataSource dataSource = context.getBean(DataSource.class);
			try (Connection connection = dataSource.getConnection()) {
				connection.createStatement().execute("SELECT 1");
			}
			DatabaseCredentials credentials = context.getBean(DatabaseCredentials.class);
			seen.append(dataSource).append(credentials.current()).append(credentials.current().url())
				.append(credentials.status());
		}
		try (ConfigurableApplicationContext context = start(wrongPassword.databaseUrl())) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> context.getBean(DataSource.class).getConnection())
				.satisfies((ex) -> seen.append(ex.getMessage()));
		}
		assertThat(output).contains("SELECT 1").contains("28P01");
		assertThat(output + seen.toString()).doesNotContain(role.password()).doesNotContain(wrongPassword.password());
	}

	@Test
	void passwordsNeverAppearInLogsDuringRefreshes(CapturedOutput output, @TempDir Path directory) throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("refreshlogs");
		String wrong = TestRole.randomPassword();
		Path file = Files.writeString(directory.resolve("url"), role.databaseUrl());
		TestRole rotated;
		try (ConfigurableApplicationContext context = startWith("heroku.postgres.source.type=file",
				"heroku.postgres.source.file=" + file)) {
			DatabaseCredentials credentials = context.getBean(DatabaseCredentials.class);
			context.getBean(DataSource.class).getConnection().close();
			Files.writeString(file, role.server().databaseUrl(role.name(), wrong));
			assertThat(credentials.refresh().outcome()).isEqualTo(RefreshResult.Outcome.FAILED);
			rotated = role.rotate();
			Files.writeString(file, rotated.databaseUrl());
			assertThat(credentials.refresh().outcome()).isEqualTo(RefreshResult.Outcome.CHANGED);
			context.getBean(DataSource.class).getConnection().close();
		}
		assertThat(output).contains("Database credentials refresh failed").contains("Database credentials changed");
		assertThat(output.toString()).doesNotContain(role.password())
			.doesNotContain(wrong)
			.doesNotContain(rotated.password());
	}

	private static ConfigurableApplicationContext start(String databaseUrl) {
		return startWith("DATABASE_URL=" + databaseUrl);
	}

	private static ConfigurableApplicationContext startWith(String... properties) {
		return new SpringApplicationBuilder(FailureAnalyzersTests.EmptyApplication.class).web(WebApplicationType.NONE)
			.properties(properties)
			.properties("spring.main.banner-mode=off",
					"logging.level.io.github.herokupg=TRACE", "logging.level.com.zaxxer.hikari=TRACE",
					"logging.level.org.postgresql=TRACE", "spring.datasource.hikari.connection-timeout=2000",
					"spring.datasource.hikari.initialization-fail-timeout=-1")
			.run();
	}

}
