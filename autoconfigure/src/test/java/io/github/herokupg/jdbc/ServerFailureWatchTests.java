package io.github.herokupg.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;
import io.github.herokupg.credentials.BackgroundTasks;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.source.CredentialSource;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.CountingCredentialSource;
import io.github.herokupg.testsupport.SuppliedCredentialSource;
import io.github.herokupg.url.DatabaseUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A leader that turned read-only ({@code 25006}) under a read-write pool, as a failover
 * or maintenance leaves it: the statement's own error reaches the caller, the connection
 * is evicted, and the endpoint asks its source. On a follower's pool {@code 25006} is
 * what read-only work meets, and nothing happens.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class ServerFailureWatchTests {

	private final BackgroundTasks tasks = new BackgroundTasks();

	@AfterEach
	void stopBackgroundTasks() {
		this.tasks.close();
	}

	@Test
	void aReadOnlyLeaderEvictsTheConnectionAndAsksTheSource() {
		TestRole role = SharedHerokuPostgres.newRole("readonly");
		CountingCredentialSource source = new CountingCredentialSource(
				new SuppliedCredentialSource("file", role::databaseUrl));
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(HerokuPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withBean(CredentialSource.class, () -> source)
			.withPropertyValues("spring.datasource.hikari.maximum-pool-size=1")
			.run((context) -> {
				HikariDataSource pool = context.getBean(HikariDataSource.class);
				int before = source.fetches();
				String backend;
				try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
					backend = String.valueOf(connection.unwrap(org.postgresql.PGConnection.class).getBackendPID());
					// as a failover leaves the old leader: its sessions read-only
					statement.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
					assertThatExceptionOfType(SQLException.class)
						.isThrownBy(() -> statement.execute("CREATE TABLE after_failover (id int)"))
						.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("25006"));
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> source.fetches() == before + 1);
				try (Connection connection = pool.getConnection()) {
					assertThat(String.valueOf(connection.unwrap(org.postgresql.PGConnection.class).getBackendPID()))
						.as("a new physical connection")
						.isNotEqualTo(backend);
				}
				assertThat(context.getBean(DatabaseCredentials.class).status().lastServerFailure())
					.startsWith("SQL state 25006");
			});
	}

	@Test
	void onAFollowersPoolReadOnlyIsNoFailure() {
		String url = "postgres://u:p@follower.example.com/db";
		CountingCredentialSource source = new CountingCredentialSource(new SuppliedCredentialSource("env", () -> url));
		DatabaseCredentials credentials = new DatabaseCredentials(source, url,
				(value) -> DatabaseUrl.parse("HEROKU_POSTGRESQL_PINK_URL", value), (value) -> {
				}, java.time.Clock.systemUTC(), Duration.ZERO, this.tasks, null);
		List<Runnable> reports = new ArrayList<>();
		ServerFailureWatch follower = new ServerFailureWatch(credentials, false, reports::add);
		SQLException readOnly = new SQLException("cannot execute INSERT in a read-only transaction", "25006");
		assertThat(follower.adjudicate(readOnly)).isEqualTo(SQLExceptionOverride.Override.CONTINUE_EVICT);
		assertThat(follower.adjudicate(new SQLException("syntax error", "42601")))
			.isEqualTo(SQLExceptionOverride.Override.CONTINUE_EVICT);
		assertThat(reports).as("nothing asks the source").isEmpty();
		assertThat(new ServerFailureWatch(credentials, true, reports::add).adjudicate(readOnly))
			.isEqualTo(SQLExceptionOverride.Override.MUST_EVICT);
		assertThat(reports).hasSize(1);
		reports.get(0).run();
		assertThat(source.fetches()).isEqualTo(1);
	}

}
