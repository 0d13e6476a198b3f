package io.github.herokupg.jdbc;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RollingReplacement} against a real server. Completion is read from the
 * server ({@code pg_stat_activity}: no session of the role opened before the change is
 * left), the pool's size by a watcher, and Hikari's own timeout counter shows that the
 * replacement never went through its timeout path.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class RollingReplacementTests {

	private static final int SIZE = 4;

	private static final Duration WITHIN = Duration.ofSeconds(20);

	private final BackgroundTasks tasks = new BackgroundTasks();

	private final PostgresConnector connector = new PostgresConnector(Map.of());

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@AfterEach
	void stopBackgroundTasks() {
		this.tasks.close();
	}

	@Test
	void movesEveryConnectionWhileAFixedPoolStaysFull() throws Exception {
		Rotating rotating = new Rotating("rolling", ReplacementMode.ROLLING);
		try (HikariDataSource pool = rotating.pool(SIZE, SIZE, 30_000)) {
			try (QueryLoad load = QueryLoad.start(pool, SIZE)) {
				await().atMost(WITHIN).until(() -> load.successesAfter(0) > 200 && total(pool) == SIZE);
				SizeWatch watch = SizeWatch.start(pool);
				long rotated = System.nanoTime();
				Instant changed = rotating.rotate();
				await().atMost(WITHIN).until(() -> rotating.sessionsOpenedBefore(changed) == 0);
				await().atMost(WITHIN).until(() -> pool.getMaximumPoolSize() == SIZE && total(pool) == SIZE);
				watch.stop();
				assertThat(watch.fewest()).as("connections in the pool during the replacement")
					.isGreaterThanOrEqualTo(SIZE - 1);
				assertThat(load.failuresAfter(rotated)).isEmpty();
				assertThat(timeouts()).as("hikaricp.connections.timeout").isZero();
				assertThat(pool.getMinimumIdle()).isEqualTo(SIZE);
			}
		}
	}

	@Test
	void keepsThePoolsSizeWhenItsMinimumIdleIsLower() throws Exception {
		Rotating rotating = new Rotating("elastic", ReplacementMode.ROLLING);
		try (HikariDataSource pool = rotating.pool(1, 10, 30_000)) {
			// the load grows the pool above its minimum idle, to about one connection per thread
			try (QueryLoad load = QueryLoad.start(pool, SIZE)) {
				await().atMost(WITHIN).until(() -> load.successesAfter(0) > 200 && total(pool) >= SIZE);
				int before = total(pool);
				SizeWatch watch = SizeWatch.start(pool);
				long rotated = System.nanoTime();
				Instant changed = rotating.rotate();
				await().atMost(WITHIN).until(() -> rotating.sessionsOpenedBefore(changed) == 0);
				await().atMost(WITHIN).until(() -> pool.getMaximumPoolSize() == 10);
				watch.stop();
				assertThat(watch.fewest()).as("connections in the pool during the replacement")
					.isGreaterThanOrEqualTo(before - 1);
				assertThat(load.failuresAfter(rotated)).isEmpty();
				assertThat(timeouts()).as("hikaricp.connections.timeout").isZero();
				assertThat(pool.getMinimumIdle()).isEqualTo(1);
			}
		}
	}

	@Test
	void movesTheConnectionsOfASaturatedPoolWithoutTimingOutARequest() throws Exception {
		Rotating rotating = new Rotating("saturated", ReplacementMode.ROLLING);
		try (HikariDataSource pool = rotating.pool(SIZE, SIZE, 30_000)) {
			// three times as many threads as connections: some always wait
			try (QueryLoad load = QueryLoad.start(pool, SIZE * 3)) {
				await().atMost(WITHIN).until(() -> load.successesAfter(0) > 200);
				long rotated = System.nanoTime();
				Instant changed = rotating.rotate();
				// long before the 30 s deadline, at which the rest would be soft-evicted
				await().atMost(Duration.ofSeconds(10)).until(() -> rotating.sessionsOpenedBefore(changed) == 0);
				assertThat(load.failuresAfter(rotated)).isEmpty();
				assertThat(timeouts()).as("hikaricp.connections.timeout").isZero();
			}
		}
	}

	@Test
	void softEvictsAtTheDeadlineWhatThePoolDoesNotHandOutWhileRequestsRunOn() throws Exception {
		Rotating rotating = new Rotating("held", ReplacementMode.ROLLING);
		try (HikariDataSource pool = rotating.pool(SIZE, SIZE, 1000)) {
			// a long transaction holds one connection through the whole replacement
			Connection held = pool.getConnection();
			held.setAutoCommit(false);
			try (Statement statement = held.createStatement()) {
				statement.execute("SELECT 1");
			}
			try (QueryLoad load = QueryLoad.start(pool, 2)) {
				await().atMost(WITHIN).until(() -> load.successesAfter(0) > 100);
				long rotated = System.nanoTime();
				Instant changed = rotating.rotate();
				// the others move, the held one cannot: given up at the deadline, sizes restored
				await().atMost(WITHIN).until(() -> rotating.sessionsOpenedBefore(changed) == 1);
				await().atMost(WITHIN).until(() -> pool.getMaximumPoolSize() == SIZE);
				held.commit();
				held.close();
				// soft-evicted: closed when returned
				await().atMost(WITHIN).until(() -> rotating.sessionsOpenedBefore(changed) == 0);
				assertThat(load.failuresAfter(rotated)).isEmpty();
				assertThat(timeouts()).as("hikaricp.connections.timeout").isZero();
				assertThat(pool.getMinimumIdle()).isEqualTo(SIZE);
			}
		}
	}

	@Test
	void immediateEvictsTheIdleConnectionsAtOnce() throws Exception {
		Rotating rotating = new Rotating("immediate", ReplacementMode.IMMEDIATE);
		try (HikariDataSource pool = rotating.pool(SIZE, SIZE, 30_000)) {
			pool.getConnection().close();
			await().atMost(WITHIN).until(() -> total(pool) == SIZE);
			SizeWatch watch = SizeWatch.start(pool);
			Instant changed = rotating.rotate();
			await().atMost(WITHIN).until(() -> rotating.sessionsOpenedBefore(changed) == 0);
			await().atMost(WITHIN).until(() -> total(pool) == SIZE);
			watch.stop();
			assertThat(watch.fewest()).as("soft eviction empties the idle pool").isLessThan(SIZE - 1);
			assertThat(pool.getMaximumPoolSize()).isEqualTo(SIZE);
		}
	}

	private static int total(HikariDataSource pool) {
		return pool.getHikariPoolMXBean().getTotalConnections();
	}

	private double timeouts() {
		return this.meters.get("hikaricp.connections.timeout").counter().count();
	}

	/**
	 * The fewest connections a pool held while watched.
	 */
	private static final class SizeWatch {

		private final AtomicInteger fewest = new AtomicInteger(Integer.MAX_VALUE);

		private final AtomicBoolean watching = new AtomicBoolean(true);

		private final Thread thread;

		private SizeWatch(HikariDataSource pool) {
			this.thread = new Thread(() -> {
				while (this.watching.get()) {
					this.fewest.accumulateAndGet(total(pool), Math::min);
					LockSupport.parkNanos(50_000);
				}
			});
		}

		static SizeWatch start(HikariDataSource pool) {
			SizeWatch watch = new SizeWatch(pool);
			watch.thread.start();
			return watch;
		}

		void stop() throws InterruptedException {
			this.watching.set(false);
			this.thread.join();
		}

		int fewest() {
			return this.fewest.get();
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

		private final ReplacementMode mode;

		Rotating(String prefix, ReplacementMode mode) {
			this.role = new AtomicReference<>(SharedHerokuPostgres.newRole(prefix));
			this.mode = mode;
			this.credentials = new DatabaseCredentials(
					new SuppliedCredentialSource("test", () -> this.role.get().databaseUrl()),
					(value) -> DatabaseUrl.parse("DATABASE_URL", value, SslSettings.DEFAULT),
					RollingReplacementTests.this.connector, Clock.systemUTC(), Duration.ofMillis(200));
			this.connections = new CredentialAwareDataSource(this.credentials, RollingReplacementTests.this.connector,
					true);
		}

		HikariDataSource pool(int minimumIdle, int maximum, long connectionTimeout) {
			HikariDataSource pool = new HikariDataSource();
			pool.setDataSource(this.connections);
			pool.setMinimumIdle(minimumIdle);
			pool.setMaximumPoolSize(maximum);
			pool.setConnectionTimeout(connectionTimeout);
			pool.setMetricRegistry(RollingReplacementTests.this.meters);
			this.credentials.addChangeListener(
					new RollingReplacement(pool, this.connections, RollingReplacementTests.this.tasks, this.mode));
			return pool;
		}

		/**
		 * Rotate the password and refresh.
		 * @return the instant before the change: sessions opened before it use the old
		 * credentials
		 */
		Instant rotate() {
			Instant before = Instant.now();
			this.role.set(this.role.get().rotate());
			assertThat(this.credentials.refresh().outcome()).isEqualTo(Outcome.CHANGED);
			return before;
		}

		int sessionsOpenedBefore(Instant instant) {
			return SharedHerokuPostgres.get().backendsStartedBefore(this.role.get().name(), instant);
		}

	}

}
