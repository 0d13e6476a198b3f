package io.github.herokupg.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import io.github.herokupg.credentials.CredentialsSnapshot;
import io.github.herokupg.url.HostAndPort;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Moves the connections of a Hikari pool to new credentials one at a time when the
 * credentials change. For as long as that takes the pool's maximum and minimum idle are
 * one higher: a connection opened with older credentials is taken from the pool when it
 * comes free and closed, and the next one only once Hikari has opened a replacement with
 * the new credentials. So the pool is at most one connection short (only when the first
 * connection taken was idle: under load the extra one is opened first), and requests run
 * on while every connection moves to the new credentials or the new host; the last one is
 * closed without a replacement, so the pool ends at its own size. Where that cannot go
 * on (older connections that do not come free within the pool's connection timeout, such
 * as one held by a long transaction, or no replacement opened), the rest are
 * soft-evicted at once: idle ones closed, in-use ones closed when returned.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class RollingReplacement implements Consumer<CredentialsSnapshot> {

	private static final Log logger = LogFactory.getLog(RollingReplacement.class);

	private static final long REFILL_CHECK_MILLIS = 10;

	private static final long BORROW_TIMEOUT_MILLIS = 25;

	private final HikariDataSource dataSource;

	private final ConnectionGenerations generations;

	private final AtomicBoolean running = new AtomicBoolean();

	private volatile long target;

	private final Executor executor;

	private volatile List<HostAndPort> hosts;

	/**
	 * Create a listener for a pool.
	 * @param dataSource the pool
	 * @param connections the data source that opens the pool's connections
	 * @param executor runs the replacements (the application context's background tasks,
	 * stopped with it)
	 */
	public RollingReplacement(HikariDataSource dataSource, CredentialAwareDataSource connections, Executor executor) {
		this.dataSource = dataSource;
		this.generations = connections.generations();
		this.executor = executor;
		this.hosts = connections.currentHosts();
	}

	@Override
	public void accept(CredentialsSnapshot snapshot) {
		this.target = Math.max(this.target, snapshot.generation());
		List<HostAndPort> previous = this.hosts;
		this.hosts = snapshot.url().hosts();
		if (!previous.equals(snapshot.url().hosts())) {
			// the database moved: connections to the old hosts are likely dead, and no request should wait for them
			HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
			if (pool != null) {
				logger.info("Pool " + this.dataSource.getPoolName() + ": the database moved to " + this.hosts
						+ ", connections to " + previous + " are evicted");
				pool.softEvictConnections();
			}
			return;
		}
		startUnlessRunning();
	}

	private void startUnlessRunning() {
		if (this.running.compareAndSet(false, true)) {
			try {
				this.executor.execute(this::replace);
			}
			catch (RuntimeException ex) {
				this.running.set(false);
				logger.warn("Connection replacement of pool " + this.dataSource.getPoolName() + " not started: "
						+ ex.getMessage());
			}
		}
	}

	private void replace() {
		long generation = this.target;
		try {
			replaceOlderThan(generation);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		catch (RuntimeException ex) {
			logger.error("Connection replacement of pool " + this.dataSource.getPoolName() + " failed; older "
					+ "connections retire when returned", ex);
			HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
			if (pool != null) {
				pool.softEvictConnections();
			}
		}
		finally {
			this.running.set(false);
		}
		if (this.target > generation && !this.dataSource.isClosed()) {
			startUnlessRunning();
		}
	}

	private void replaceOlderThan(long generation) throws InterruptedException {
		if (!(this.dataSource.getHikariPoolMXBean() instanceof HikariPool pool)) {
			return;
		}
		PoolSizes sizes = new PoolSizes(this.dataSource.getHikariConfigMXBean());
		sizes.raise();
		try {
			int replaced = replaceEach(pool, generation, sizes);
			logger.debug("Replaced " + replaced + " connections of pool " + this.dataSource.getPoolName()
					+ " with connections of generation " + generation + " or newer");
		}
		finally {
			sizes.restore();
			trim(pool, sizes.maximum);
		}
	}

	private int replaceEach(HikariPool pool, long generation, PoolSizes sizes) throws InterruptedException {
		int misses = 0;
		int replaced = 0;
		int older;
		while (!this.dataSource.isClosed() && (older = this.generations.openOlderThan(generation)) > 0) {
			if (older == 1) {
				// the last one is not replaced by an extra: the pool ends at its own size
				sizes.restore();
			}
			if (takeOne(pool, generation) == Take.NONE_FREE) {
				if (++misses * BORROW_TIMEOUT_MILLIS >= this.dataSource.getConnectionTimeout()) {
					softEvict(pool, generation, "older connections did not come free within the connection timeout");
					return replaced;
				}
				continue;
			}
			replaced++;
			if (!awaitRefill(pool, this.dataSource.getMinimumIdle())) {
				softEvict(pool, generation, "no replacement connection was opened");
				return replaced;
			}
		}
		return replaced;
	}

	/**
	 * Close what the pool holds above its maximum again: the extra connection of the
	 * replacement. One that Hikari was still opening lands later; its maximum lifetime
	 * ends it, and Hikari does not replace it then.
	 */
	private void trim(HikariPool pool, int maximum) {
		for (int i = 0; i < 2 && !this.dataSource.isClosed() && pool.getTotalConnections() > maximum; i++) {
			takeOne(pool, Long.MAX_VALUE);
		}
	}

	/**
	 * Take the next connection older than the generation that comes free, and close it.
	 * Newer connections borrowed on the way are held until then, so that the search does
	 * not find them again (they are idle, as the threads that use the pool keep to the
	 * connections they had), and returned right after, or after a short borrow timeout at
	 * the latest; one is returned at once while requests wait for a connection.
	 */
	private Take takeOne(HikariPool pool, long generation) {
		List<Connection> held = new ArrayList<>();
		try {
			while (true) {
				Connection connection = pool.getConnection(BORROW_TIMEOUT_MILLIS);
				Connection physical = connection.unwrap(Connection.class);
				Long opened = this.generations.generationOf(physical);
				if (opened != null && opened < generation) {
					// closed at once, and Hikari opens a replacement
					this.generations.closing(physical);
					pool.evictConnection(connection);
					return Take.CLOSED_OLDER;
				}
				if (pool.getThreadsAwaitingConnection() > 0) {
					// a request wants it more
					giveBack(connection);
				}
				else {
					held.add(connection);
				}
			}
		}
		catch (SQLException ex) {
			return Take.NONE_FREE;
		}
		finally {
			held.forEach(RollingReplacement::giveBack);
		}
	}

	private static void giveBack(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			// Hikari's proxy does not fail to return a connection
		}
	}

	/**
	 * Wait until Hikari has opened the replacement, that is until the pool is back at its
	 * minimum idle. A pool above that opens connections only on demand, so there the wait
	 * ends at once.
	 */
	private boolean awaitRefill(HikariPoolMXBean pool, int minimumIdle) throws InterruptedException {
		long deadline = System.nanoTime() + this.dataSource.getConnectionTimeout() * 1_000_000L;
		long opened = this.generations.opened();
		while (pool.getTotalConnections() < minimumIdle) {
			if (System.nanoTime() > deadline || this.dataSource.isClosed()) {
				return false;
			}
			this.generations.awaitOpenedAfter(opened, REFILL_CHECK_MILLIS);
			opened = this.generations.opened();
		}
		return true;
	}

	private void softEvict(HikariPoolMXBean pool, long generation, String reason) {
		if (!this.dataSource.isClosed()) {
			logger.debug("Soft-evicting the connections of pool " + this.dataSource.getPoolName()
					+ " older than generation " + generation + " at once: " + reason);
			pool.softEvictConnections();
		}
	}

	private enum Take {

		/** An older connection, closed. */
		CLOSED_OLDER,

		/** None came free within the connection timeout. */
		NONE_FREE

	}

	/**
	 * The pool's maximum and minimum idle, one higher while connections move.
	 */
	private static final class PoolSizes {

		private final HikariConfigMXBean config;

		private final int maximum;

		private final int minimumIdle;

		private boolean raised;

		PoolSizes(HikariConfigMXBean config) {
			this.config = config;
			this.maximum = config.getMaximumPoolSize();
			this.minimumIdle = config.getMinimumIdle();
		}

		void raise() {
			// the maximum first, so that Hikari never sees a minimum idle above it
			this.config.setMaximumPoolSize(this.maximum + 1);
			this.config.setMinimumIdle(this.minimumIdle + 1);
			this.raised = true;
		}

		void restore() {
			if (this.raised) {
				this.config.setMinimumIdle(this.minimumIdle);
				this.config.setMaximumPoolSize(this.maximum);
				this.raised = false;
			}
		}

	}

}
