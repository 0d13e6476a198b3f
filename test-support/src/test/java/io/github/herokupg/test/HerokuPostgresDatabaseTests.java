package io.github.herokupg.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each method of {@link HerokuPostgresDatabase} does to the server what it says, checked
 * with plain JDBC from outside.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@HerokuPostgres
class HerokuPostgresDatabaseTests {

	@Test
	void urlLooksLikeHerokus(HerokuPostgresDatabase database) {
		String url = database.databaseUrl();
		assertThat(url).matches("postgres://u[0-9a-f]{13}:p[0-9a-f]{64}@localhost:[0-9]+/d[0-9a-f]{13}");
		assertThat(HerokuUrls.password(url)).hasSize(65);
		assertThat(database.configVars()).containsOnlyKeys("DATABASE_URL");
		System.out.println("server started in " + database.startTime().toMillis() + " ms");
	}

	@Test
	void acceptsTlsWithThePasswordAndRefusesPlainTcp(HerokuPostgresDatabase database) throws SQLException {
		try (Connection connection = HerokuUrls.connect(database.databaseUrl())) {
			assertThat(queryForString(connection, "SELECT current_user")).isEqualTo(HerokuUrls.user(database.databaseUrl()));
			assertThat(queryForString(connection, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
				.isEqualTo("true");
		}
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> HerokuUrls.connect(database.databaseUrl(), "disable"))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28000"));
	}

	@Test
	void rotateCredentialsRefusesTheOldPasswordAndEndsItsSessions(HerokuPostgresDatabase database) throws SQLException {
		String before = database.databaseUrl();
		try (Connection open = HerokuUrls.connect(before)) {
			long started = System.nanoTime();
			database.rotateCredentials();
			printDuration("rotateCredentials", started);
			assertThat(open.isValid(2)).isFalse();
		}
		String after = database.databaseUrl();
		assertThat(HerokuUrls.password(after)).isNotEqualTo(HerokuUrls.password(before)).hasSize(65);
		assertThat(HerokuUrls.user(after)).isEqualTo(HerokuUrls.user(before));
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> HerokuUrls.connect(before))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
		try (Connection connection = HerokuUrls.connect(after)) {
			assertThat(connection.isValid(2)).isTrue();
		}
	}

	@Test
	void terminateConnectionsEndsSessionsAndKeepsTheServer(HerokuPostgresDatabase database) throws SQLException {
		try (Connection open = HerokuUrls.connect(database.databaseUrl())) {
			long started = System.nanoTime();
			database.terminateConnections();
			printDuration("terminateConnections", started);
			assertThat(open.isValid(2)).isFalse();
		}
		try (Connection connection = HerokuUrls.connect(database.databaseUrl())) {
			assertThat(connection.isValid(2)).isTrue();
		}
	}

	@Test
	void restartKeepsTheUrlAndTheData(HerokuPostgresDatabase database) throws SQLException {
		String before = database.databaseUrl();
		keepNoteThrough(before, "restarted", "restart", database::restart);
		assertThat(database.databaseUrl()).isEqualTo(before);
		try (Connection connection = HerokuUrls.connect(before)) {
			assertThat(queryForString(connection, "SELECT note FROM restarted LIMIT 1")).isEqualTo("kept");
		}
	}

	@Test
	void moveHostServesTheDataFromANewPortAndTheOldOneRefuses(HerokuPostgresDatabase database) throws SQLException {
		String before = database.databaseUrl();
		keepNoteThrough(before, "moved", "moveHost", database::moveHost);
		String after = database.databaseUrl();
		assertThat(HerokuUrls.port(after)).isNotEqualTo(HerokuUrls.port(before));
		assertThat(after.replace(":" + HerokuUrls.port(after) + "/", ":" + HerokuUrls.port(before) + "/"))
			.isEqualTo(before);
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> HerokuUrls.connect(before))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08001"));
		try (Connection connection = HerokuUrls.connect(after)) {
			assertThat(queryForString(connection, "SELECT note FROM moved LIMIT 1")).isEqualTo("kept");
		}
	}

	@Test
	void followerMethodsWithoutFollowersSayHowToGetThem(HerokuPostgresDatabase database) {
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(database::pauseReplay)
			.withMessageContaining("@HerokuPostgres(followers = 1)");
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(database::connectionPoolUrl)
			.withMessageContaining("@HerokuPostgres(pooler = true)");
	}

	/**
	 * Store a note in a table, then run an event that ends the session it was stored on.
	 */
	private static void keepNoteThrough(String url, String table, String method, Runnable event) throws SQLException {
		try (Connection open = HerokuUrls.connect(url)) {
			execute(open, "CREATE TABLE IF NOT EXISTS " + table + " (note text)");
			execute(open, "INSERT INTO " + table + " VALUES ('kept')");
			long started = System.nanoTime();
			event.run();
			printDuration(method, started);
			assertThat(open.isValid(2)).isFalse();
		}
	}

	private static void printDuration(String method, long started) {
		System.out.println(method + " took " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
	}

	static String queryForString(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			assertThat(result.next()).isTrue();
			return result.getString(1);
		}
	}

	static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
