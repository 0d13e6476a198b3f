package io.github.herokupg.jdbc;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.credentials.BackgroundTasks;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.RefreshResult.Outcome;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.QueryLoad;
import io.github.herokupg.testsupport.SuppliedCredentialSource;
import io.github.herokupg.url.DatabaseUrl;
import io.github.herokupg.url.SslSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RollingReplacement} against a real server: every connection moves to
 * new credentials while the pool keeps at least its size, and where connections are not
 * handed out the rest are soft-evicted.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class RollingReplacementTests {

	private final BackgroundTasks tasks = new BackgroundTasks();

	@AfterEach
	void stopBackgroundTasks() {
		this.tasks.close();
	}

	private static final int SIZE = 4;

	private final PostgresConnector connector = new PostgresConnector(Map.of());

	@Test
	void movesEveryConnectionWhileThePoolStaysFull() throws Exception {
		Rotating rotating = new Rotating(SharedHerokuPostgres.newRole("rolling"));
		CredentialAwareDataSource connections = rotating.connections;
		try (HikariDataSource pool = rotating.pool(SIZE)) {
			try (QueryLoad load = QueryLoad.start(pool, SIZE)) {
				await().atMost(Duration.ofSeconds(20)).until(() -> load.successesAfter(0) > 200
						&& pool.getHikariPoolMXBean().getTotalConnections() == SIZE);
				AtomicInteger fewest = new AtomicInteger(Integer.MAX_VALUE);
				AtomicBoolean watching = new AtomicBoolean(true);
				Thread watcher = new Thread(() -> {
					while (watching.get()) {
						fewest.accumulateAndGet(pool.getHikariPoolMXBean().getTotalConnections(), Math::min);
						LockSupport.parkNanos(50_000);
					}
				});
				watcher.start();
				long rotated = System.nanoTime();
				rotating.rotate();
				await().atMost(Duration.ofSeconds(20))
					.until(() -> connections.openConnectionsOlderThan(2) == 0 && pool.getMaximumPoolSize() == SIZE
							&& pool.getHikariPoolMXBean().getTotalConnections() == SIZE);
				watching.set(false);
				watcher.join();
				// one short at most, and only if the first connection taken was idle
				assertThat(fewest).as("connections in the pool during the replacement")
					.hasValueGreaterThanOrEqualTo(SIZE - 1);
				assertThat(load.failuresAfter(rotated)).isEmpty();
				assertThat(pool.getMinimumIdle()).isEqualTo(SIZE);
			}
		}
	}

	@Test
	void softEvictsWhatThePoolDoesNotHandOut() throws Exception {
		Rotating rotating = new Rotating(SharedHerokuPostgres.newRole("held"));
		CredentialAwareDataSource connections = rotating.connections;
		try (HikariDataSource pool = rotating.pool(2)) {
			Connection first = pool.getConnection();
			Connection second = pool.getConnection();
			rotating.rotate();
			// the extra connection is opened, the held ones never come free: given up, sizes restored
			await().atMost(Duration.ofSeconds(20)).until(() -> connections.connectionsOpened() >= 3);
			await().atMost(Duration.ofSeconds(20)).until(() -> pool.getMaximumPoolSize() == 2);
			assertThat(connections.openConnectionsOlderThan(2)).as("the held connections").isEqualTo(2);
			first.close();
			second.close();
			await().atMost(Duration.ofSeconds(20)).until(() -> connections.openConnectionsOlderThan(2) == 0);
			try (Connection connection = pool.getConnection()) {
				assertThat(connection.isValid(1)).isTrue();
			}
			assertThat(pool.getMinimumIdle()).isEqualTo(2);
		}
	}

	/**
	 * A role whose password a test rotates, the credentials that follow it and the data
	 * source that opens a pool's connections with them.
	 */
	private final class Rotating {

		private final AtomicReference<TestRole> role;

		private final DatabaseCredentials credentials;

		private final CredentialAwareDataSource connections;

		Rotating(TestRole role) {
			this.role = new AtomicReference<>(role);
			this.credentials = new DatabaseCredentials(
					new SuppliedCredentialSource("test", () -> this.role.get().databaseUrl()),
					(value) -> DatabaseUrl.parse("DATABASE_URL", value, SslSettings.DEFAULT),
					RollingReplacementTests.this.connector, Clock.systemUTC(), Duration.ofMillis(200));
			this.connections = new CredentialAwareDataSource(this.credentials, RollingReplacementTests.this.connector,
					true);
		}

		HikariDataSource pool(int size) {
			HikariDataSource pool = new HikariDataSource();
			pool.setDataSource(this.connections);
			pool.setMaximumPoolSize(size);
			pool.setConnectionTimeout(1000);
			this.credentials.addChangeListener(new RollingReplacement(pool, this.connections, RollingReplacementTests.this.tasks));
			return pool;
		}

		void rotate() {
			this.role.set(this.role.get().rotate());
			assertThat(this.credentials.refresh().outcome()).isEqualTo(Outcome.CHANGED);
		}

	}

}
