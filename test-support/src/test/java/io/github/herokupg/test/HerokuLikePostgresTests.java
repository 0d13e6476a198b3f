package io.github.herokupg.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import io.github.herokupg.test.server.HerokuLikePostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Checks that {@link HerokuLikePostgres} really behaves like Heroku: TLS only, passwords
 * required.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class HerokuLikePostgresTests {

	private static HerokuLikePostgres postgres;

	@BeforeAll
	static void start() {
		postgres = HerokuLikePostgres.start();
		postgres.createRole("app", "app-secret");
	}

	@AfterAll
	static void stop() {
		postgres.close();
	}

	@Test
	void rejectsPlainTcp() {
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect("disable", "app-secret"))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28000"));
	}

	@Test
	void rejectsWrongPassword() {
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect("require", "wrong"))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
	}

	@Test
	void acceptsTlsWithPassword() throws SQLException {
		try (Connection connection = connect("require", "app-secret")) {
			assertThat(connection.isValid(1)).isTrue();
		}
	}

	private Connection connect(String sslMode, String password) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", "app");
		properties.setProperty("password", password);
		properties.setProperty("sslmode", sslMode);
		return DriverManager.getConnection("jdbc:postgresql://localhost:" + postgres.port() + "/postgres", properties);
	}

}
