package io.github.herokupg.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import io.github.herokupg.credentials.CredentialsSnapshot;
import io.github.herokupg.observation.HerokuPostgresObservation;
import io.github.herokupg.observation.HerokuPostgresObservation.ReplacementKeys;
import io.github.herokupg.url.HostAndPort;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Moves the connections of a Hikari pool to new credentials one at a time when the
 * credentials change.
 * <p>
 * For as long as that takes the pool is pinned one above the size it had at the change
 * (its maximum and minimum idle both set to that), so Hikari opens a connection with the
 * new credentials for each one closed: an idle connection opened with older credentials
 * is taken from the pool and closed, and the next one only once the replacement is open.
 * The pool is never more than one short of its size at the change, whatever its minimum
 * idle, and ends at that size again: the last older connection is closed without a
 * replacement.
 * <p>
 * The replacement never takes what requests need: it borrows at once only while the
 * pool has an idle connection and no thread waits for one; in a saturated pool it waits
 * in line for the next connection returned only once the extra one is open, so that the
 * requests keep the pool's size, and it holds nothing else while a thread waits. Its
 * borrows wait at most until its deadline, so it goes through Hikari's timeout path
 * only there. It stops at a wall-clock deadline (the pool's
 * connection timeout after the change): older connections that did not come free by then,
 * such as one held by a long transaction, are soft-evicted (closed when returned). A pool
 * that holds no live older connection is left alone. When the database moved to another
 * host, or with {@link ReplacementMode#IMMEDIATE}, every connection is soft-evicted at once.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class RollingReplacement implements Consumer<CredentialsSnapshot> {

	private static final Log logger = LogFactory.getLog(RollingReplacement.class);

	private static final long CHECK_MILLIS = 5;

	private static final String REPLACED = "replaced";

	private static final String NOTHING_OLDER = "nothing-older";

	private static final String EVICTED = "evicted";

	/** A borrow starts only when a connection is idle, so it ends at once but for a race. */
	private static final long BORROW_TIMEOUT_MILLIS = 250;

	private final HikariDataSource dataSource;

	private final ConnectionGenerations generations;

	private final ReplacementMode mode;

	private final AtomicBoolean running = new AtomicBoolean();

	private volatile long target;

	private final Executor executor;

	private volatile List<HostAndPort> hosts;

	private final Supplier<ObservationRegistry> observations;

	/** The observation current when the last change arrived (the fetch that made it). */
	private volatile @Nullable Observation change;

	/**
	 * Create a listener for a pool that moves its connections one at a time.
	 * @param dataSource the pool
	 * @param connections the data source that opens the pool's connections
	 * @param executor runs the replacements (the application context's background tasks,
	 * stopped with it)
	 */
	public RollingReplacement(HikariDataSource dataSource, CredentialAwareDataSource connections, Executor executor) {
		this(dataSource, connections, executor, ReplacementMode.ROLLING);
	}

	/**
	 * Create a listener for a pool.
	 * @param dataSource the pool
	 * @param connections the data source that opens the pool's connections
	 * @param executor runs the replacements (the application context's background tasks,
	 * stopped with it)
	 * @param mode how connections move to new credentials
	 */
	public RollingReplacement(HikariDataSource dataSource, CredentialAwareDataSource connections, Executor executor,
			ReplacementMode mode) {
		this(dataSource, connections, executor, mode, () -> ObservationRegistry.NOOP);
	}

	/**
	 * Create a listener for a pool whose replacements are observed.
	 * @param dataSource the pool
	 * @param connections the data source that opens the pool's connections
	 * @param executor runs the replacements (the application context's background tasks,
	 * stopped with it)
	 * @param mode how connections move to new credentials
	 * @param observations the registry each replacement is observed with, asked at each
	 * change
	 */
	public RollingReplacement(HikariDataSource dataSource, CredentialAwareDataSource connections, Executor executor,
			ReplacementMode mode, Supplier<ObservationRegistry> observations) {
		this.observations = observations;
		this.dataSource = dataSource;
		this.generations = connections.generations();
		this.executor = executor;
		this.hosts = connections.currentHosts();
		this.mode = mode;
	}

	@Override
	public void accept(CredentialsSnapshot snapshot) {
		this.target = Math.max(this.target, snapshot.generation());
		this.change = this.observations.get().getCurrentObservation();
		List<HostAndPort> previous = this.hosts;
		this.hosts = snapshot.url().hosts();
		if (!previous.equals(this.hosts)) {
			// the database moved: connections to the old hosts are likely dead, and no request should wait for them
			softEvictAll("moved",
					"the database moved to " + this.hosts + ", connections to " + previous + " are evicted");
		}
		else if (this.mode == ReplacementMode.IMMEDIATE) {
			softEvictAll("immediate", "new credentials, connections opened with older ones are evicted");
		}
		else {
			startUnlessRunning();
		}
	}

	private void softEvictAll(String mode, String message) {
		HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
		if (pool != null && !this.dataSource.isClosed()) {
			try {
				observed(mode, () -> {
					logger.info("Pool " + this.dataSource.getPoolName() + ": " + message);
					pool.softEvictConnections();
					return EVICTED;
				});
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Run one replacement as an observation, a child of the fetch that brought the change.
	 */
	private void observed(String mode, Replacement replacement) throws InterruptedException {
		Observation observation = HerokuPostgresObservation.CONNECTION_REPLACEMENT.observation(this.observations.get());
		if (observation.isNoop()) {
			replacement.run();
			return;
		}
		observation.parentObservation(this.change)
			.lowCardinalityKeyValue(ReplacementKeys.POOL.withValue(String.valueOf(this.dataSource.getPoolName())))
			.lowCardinalityKeyValue(ReplacementKeys.MODE.withValue(mode))
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			observation.lowCardinalityKeyValue(ReplacementKeys.OUTCOME.withValue(replacement.run()));
		}
		catch (RuntimeException ex) {
			observation.lowCardinalityKeyValue(ReplacementKeys.OUTCOME.withValue("failed"));
			observation.error(new IllegalStateException(ex.getClass().getName()));
			throw ex;
		}
		finally {
			observation.stop();
		}
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
			observed("rolling", () -> replaceOlderThan(generation));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		catch (RuntimeException ex) {
			logger.error("Connection replacement of pool " + this.dataSource.getPoolName() + " failed; older "
					+ "connections retire when returned", ex);
			softEvict(generation, "the replacement failed");
		}
		finally {
			this.running.set(false);
		}
		if (this.target > generation && !this.dataSource.isClosed()) {
			startUnlessRunning();
		}
	}

	private String replaceOlderThan(long generation) throws InterruptedException {
		if (!(this.dataSource.getHikariPoolMXBean() instanceof HikariPool pool)
				|| this.generations.openOlderThan(generation) == 0) {
			return NOTHING_OLDER;
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.dataSource.getConnectionTimeout());
		PoolSizes sizes = new PoolSizes(this.dataSource.getHikariConfigMXBean(), pool.getTotalConnections());
		try {
			return replaceEach(pool, generation, sizes, deadline);
		}
		finally {
			sizes.restore();
			trim(pool, sizes.size);
		}
	}

	private String replaceEach(HikariPool pool, long generation, PoolSizes sizes, long deadline)
			throws InterruptedException {
		int replaced = 0;
		int older;
		while (!this.dataSource.isClosed() && (older = this.generations.openOlderThan(generation)) > 0) {
			// the last one is replaced without an extra: the pool ends at its own size
			int pinned = (older == 1) ? sizes.size : sizes.size + 1;
			sizes.pin(pinned);
			// the replacement of the one closed last is open (Hikari opens the extra one only
			// when a request waits or its housekeeper runs)
			if (!awaitSize(pool, sizes.size, deadline)) {
				softEvict(generation, "no replacement connection was opened before the deadline");
				return EVICTED;
			}
			if (!takeOlder(pool, generation, pinned, deadline)) {
				softEvict(generation, "older connections did not come free before the deadline");
				return EVICTED;
			}
			replaced++;
		}
		logger.debug("Replaced " + replaced + " connections of pool " + this.dataSource.getPoolName()
				+ " with connections of generation " + generation + " or newer");
		return REPLACED;
	}

	/**
	 * Close what the pool holds above its size again: a replacement Hikari was still
	 * opening when the last older connection went. One that lands later still is ended
	 * by its maximum lifetime, and Hikari does not replace it then.
	 */
	private void trim(HikariPool pool, int size) {
		for (int i = 0; i < 2 && !this.dataSource.isClosed() && pool.getTotalConnections() > size; i++) {
			Connection any = borrow(pool, Integer.MAX_VALUE, 0, 0);
			if (any != null) {
				closeAndEvict(pool, any);
			}
		}
	}

	/**
	 * Wait until the next connection older than the generation comes free, take it and
	 * close it, or until the deadline passes.
	 * @param pinned the size the pool is pinned at for this step
	 */
	private boolean takeOlder(HikariPool pool, long generation, int pinned, long deadline)
			throws InterruptedException {
		while (System.nanoTime() < deadline && !this.dataSource.isClosed()) {
			if (this.generations.openOlderThan(generation) == 0) {
				return true;
			}
			if (takeOlderIfFree(pool, generation, pinned, deadline)) {
				return true;
			}
			pause();
		}
		return false;
	}

	/**
	 * Take a connection older than the generation that is free and close it, if there is
	 * one. Hikari hands out its idle connections oldest first but for the ones this thread
	 * handed back last, so the newer ones borrowed on the way are held until then, and
	 * handed back at once when a request waits.
	 */
	private boolean takeOlderIfFree(HikariPool pool, long generation, int pinned, long deadline) {
		List<Connection> held = new ArrayList<>();
		try {
			Connection connection;
			while ((connection = borrow(pool, pinned, deadline, held.size())) != null) {
				Long opened = generationOf(connection);
				if (opened != null && opened < generation) {
					closeAndEvict(pool, connection);
					return true;
				}
				held.add(connection);
				if (pool.getThreadsAwaitingConnection() > 0) {
					return false;
				}
			}
			return false;
		}
		finally {
			held.forEach(RollingReplacement::giveBack);
		}
	}

	/**
	 * Borrow a connection without taking what requests need: at once while one is idle
	 * and no thread waits for one; while threads wait, in line for the next one returned,
	 * but only once the pool holds what it is pinned at (the extra connection is open, so
	 * the requests keep the pool's size while this one is checked; for the last older
	 * one, which has no extra, the pool is at its size) and holding nothing else.
	 * @param pinned the size the pool is pinned at
	 * @param holding how many newer connections the caller holds
	 */
	private @Nullable Connection borrow(HikariPool pool, int pinned, long deadline, int holding) {
		int waiting = pool.getThreadsAwaitingConnection();
		int total = pool.getTotalConnections();
		long timeoutMillis;
		if (waiting == 0 && pool.getIdleConnections() > 0) {
			timeoutMillis = BORROW_TIMEOUT_MILLIS;
		}
		else if (holding == 0 && waiting > 0 && total >= pinned) {
			// a saturated pool that holds what it is pinned at: in line with the requests,
			// for the next connection returned
			timeoutMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
		}
		else {
			return null;
		}
		if (timeoutMillis <= 0) {
			return null;
		}
		try {
			return pool.getConnection(timeoutMillis);
		}
		catch (SQLException ex) {
			return null;
		}
	}

	private @Nullable Long generationOf(Connection connection) {
		try {
			return this.generations.generationOf(connection.unwrap(Connection.class));
		}
		catch (SQLException ex) {
			return null;
		}
	}

	private void closeAndEvict(HikariPool pool, Connection connection) {
		try {
			this.generations.closing(connection.unwrap(Connection.class));
		}
		catch (SQLException ex) {
			// the pool's proxy unwraps to the physical connection
		}
		// closed at once, and Hikari opens a replacement while the pool is pinned above its size
		pool.evictConnection(connection);
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
	 * Wait until the pool holds the given number of connections, or the deadline passes.
	 */
	private boolean awaitSize(HikariPoolMXBean pool, int size, long deadline) throws InterruptedException {
		long opened = this.generations.opened();
		while (pool.getTotalConnections() < size) {
			if (System.nanoTime() > deadline || this.dataSource.isClosed()) {
				return false;
			}
			this.generations.awaitOpenedAfter(opened, CHECK_MILLIS);
			opened = this.generations.opened();
		}
		return true;
	}

	private void pause() throws InterruptedException {
		TimeUnit.MILLISECONDS.sleep(CHECK_MILLIS);
	}

	private void softEvict(long generation, String reason) {
		HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
		if (pool != null && !this.dataSource.isClosed()) {
			logger.debug("Soft-evicting the connections of pool " + this.dataSource.getPoolName()
					+ " older than generation " + generation + " at once: " + reason);
			pool.softEvictConnections();
		}
	}

	/**
	 * The pool's maximum and minimum idle, pinned one above its size while connections
	 * move, and at its size for the last one.
	 */
	private static final class PoolSizes {

		private final HikariConfigMXBean config;

		private final int maximum;

		private final int minimumIdle;

		private final int size;

		private boolean pinned;

		PoolSizes(HikariConfigMXBean config, int total) {
			this.config = config;
			this.maximum = config.getMaximumPoolSize();
			this.minimumIdle = config.getMinimumIdle();
			this.size = Math.min(this.maximum, Math.max(total, this.minimumIdle));
		}

		/**
		 * Pin the pool at a size: Hikari opens a connection for each one closed until the
		 * pool holds that many, and opens no more.
		 */
		void pin(int pinnedSize) {
			// the maximum first, so that Hikari never sees a minimum idle above it
			this.config.setMaximumPoolSize(Math.max(this.maximum, pinnedSize));
			this.config.setMinimumIdle(pinnedSize);
			this.config.setMaximumPoolSize(pinnedSize);
			this.pinned = true;
		}

		void restore() {
			if (this.pinned) {
				this.config.setMaximumPoolSize(Math.max(this.maximum, this.size + 1));
				this.config.setMinimumIdle(this.minimumIdle);
				this.config.setMaximumPoolSize(this.maximum);
				this.pinned = false;
			}
		}

	}

	/**
	 * One replacement, which says how it ended.
	 */
	@FunctionalInterface
	private interface Replacement {

		String run() throws InterruptedException;

	}

}
