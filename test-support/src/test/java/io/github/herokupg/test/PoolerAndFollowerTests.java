package io.github.herokupg.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The pooler and a follower of {@code @HerokuPostgres}: real PgBouncer and a real
 * streaming replica, following rotations and moves. Skipped, with what to install, on a
 * machine without them.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@HerokuPostgres(pooler = true, followers = 1, followerColors = "charcoal")
class PoolerAndFollowerTests {

	@Test
	void setsTheConfigVarsHerokuSets(HerokuPostgresDatabase database) {
		assertThat(database.followerVariables()).containsExactly("HEROKU_POSTGRESQL_CHARCOAL_URL");
		assertThat(database.configVars()).containsKeys("DATABASE_URL", "DATABASE_CONNECTION_POOL_URL",
				"HEROKU_POSTGRESQL_CHARCOAL_URL");
	}

	@Test
	void poolerFollowsRotation(HerokuPostgresDatabase database) throws SQLException {
		String before = database.connectionPoolUrl();
		try (Connection connection = HerokuUrls.connect(before)) {
			assertThat(HerokuPostgresDatabaseTests.queryForString(connection, "SHOW transaction_read_only"))
				.isEqualTo("off");
		}
		database.rotateCredentials();
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> HerokuUrls.connect(before));
		try (Connection connection = HerokuUrls.connect(database.connectionPoolUrl())) {
			assertThat(connection.isValid(2)).isTrue();
		}
	}

	@Test
	void followerReplaysUntilPausedAndCatchesUpWhenResumed(HerokuPostgresDatabase database) throws SQLException {
		String follower = database.configVars().get("HEROKU_POSTGRESQL_CHARCOAL_URL");
		try (Connection leader = HerokuUrls.connect(database.databaseUrl());
				Connection replica = HerokuUrls.connect(follower)) {
			HerokuPostgresDatabaseTests.execute(leader, "CREATE TABLE IF NOT EXISTS replayed (note text)");
			assertThat(HerokuPostgresDatabaseTests.queryForString(replica, "SHOW transaction_read_only"))
				.isEqualTo("on");
			await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> count(replica, "") == 0);
			database.pauseReplay();
			try {
				String note = UUID.randomUUID().toString();
				HerokuPostgresDatabaseTests.execute(leader, "INSERT INTO replayed VALUES ('" + note + "')");
				assertThat(count(replica, note)).isZero();
				database.resumeReplay();
				await().atMost(Duration.ofSeconds(10)).until(() -> count(replica, note) == 1);
			}
			finally {
				database.resumeReplay();
			}
		}
	}

	@Test
	void poolerAndFollowerFollowAMove(HerokuPostgresDatabase database) throws SQLException {
		database.moveHost();
		String note = UUID.randomUUID().toString();
		try (Connection pooled = HerokuUrls.connect(database.connectionPoolUrl())) {
			HerokuPostgresDatabaseTests.execute(pooled, "CREATE TABLE IF NOT EXISTS moved_replayed (note text)");
			HerokuPostgresDatabaseTests.execute(pooled, "INSERT INTO moved_replayed VALUES ('" + note + "')");
		}
		try (Connection replica = HerokuUrls.connect(database.configVars().get("HEROKU_POSTGRESQL_CHARCOAL_URL"))) {
			await().atMost(Duration.ofSeconds(20))
				.ignoreExceptions()
				.until(() -> count(replica, "moved_replayed", note) == 1);
		}
	}

	private static int count(Connection connection, String note) throws SQLException {
		return count(connection, "replayed", note);
	}

	private static int count(Connection connection, String table, String note) throws SQLException {
		return Integer.parseInt(HerokuPostgresDatabaseTests.queryForString(connection,
				"SELECT count(*) FROM " + table + " WHERE note = '" + note + "'"));
	}

}
