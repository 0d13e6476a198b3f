package io.github.herokupg.ssl;

import java.sql.SQLException;

import javax.sql.DataSource;

import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;
import io.github.herokupg.test.server.HerokuLikePostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.Jdbc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Heroku CI's in-dyno databases have no TLS: with {@code CI=true} and
 * {@code HEROKU_TEST_RUN_ID} both set, and a database on loopback, the starter connects
 * without TLS, saying why once. Everywhere else the policy is unchanged.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class HerokuCiTests {

	private static HerokuLikePostgres plain;

	private static TestRole role;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HerokuPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class));

	@BeforeAll
	static void startServerWithoutTls() {
		plain = HerokuLikePostgres.startWithoutTls();
		role = plain.newRole("ci_app", TestRole.randomPassword());
	}

	@AfterAll
	static void stop() {
		plain.close();
	}

	@Test
	void connectsWithoutTlsInAHerokuCiRun(CapturedOutput output) {
		this.runner.withPropertyValues("DATABASE_URL=" + role.databaseUrl(), "CI=true", "HEROKU_TEST_RUN_ID=4f1c2d")
			.run((context) -> {
				assertThat(Jdbc.queryForString(context.getBean(DataSource.class), "SELECT current_user"))
					.isEqualTo(role.name());
				assertThat(output.toString().lines().filter((line) -> line.contains("Heroku CI run"))).hasSize(1);
			});
	}

	@ParameterizedTest
	@CsvSource({ "true, ''", "'', 4f1c2d", "false, 4f1c2d" })
	void refusesWithoutBothVariables(String ci, String testRunId) {
		// both are given, so that the environment this test runs in (CI=true on most CI) does not decide
		this.runner
			.withPropertyValues("DATABASE_URL=" + role.databaseUrl(), "CI=" + ci, "HEROKU_TEST_RUN_ID=" + testRunId)
			.run((context) -> assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> Jdbc.queryForString(context.getBean(DataSource.class), "SELECT 1"))
				.withMessageContaining("does not support SSL"));
	}

}
