package io.github.herokupg.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The credentials generation each physical connection was opened with, for the
 * connections a {@link CredentialAwareDataSource} opened and nobody has closed yet. The
 * connections are held weakly: a connection the pool dropped without closing does not
 * stay here.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class ConnectionGenerations {

	private final Map<Connection, Long> generations = new WeakHashMap<>();

	private long opened;

	synchronized void opened(Connection connection, long generation) {
		this.generations.put(connection, generation);
		this.opened++;
		notifyAll();
	}

	/**
	 * Forget a connection that is being closed: the pool closes connections in the
	 * background, and one on its way out is no longer the pool's.
	 * @param connection a physical connection
	 */
	synchronized void closing(Connection connection) {
		this.generations.remove(connection);
	}

	/**
	 * Count the connections opened and not closed.
	 * @return the count
	 */
	synchronized int open() {
		return this.generations.size();
	}

	/**
	 * Return the generation a connection was opened with.
	 * @param connection a physical connection
	 * @return its generation, or {@code null} if this data source did not open it
	 */
	synchronized @Nullable Long generationOf(Connection connection) {
		return this.generations.get(connection);
	}

	/**
	 * Count the open connections opened with a generation older than the given one.
	 * @param generation the generation
	 * @return the count
	 */
	synchronized int openOlderThan(long generation) {
		int count = 0;
		for (Iterator<Map.Entry<Connection, Long>> entries = this.generations.entrySet().iterator(); entries
			.hasNext();) {
			Map.Entry<Connection, Long> entry = entries.next();
			if (isClosed(entry.getKey())) {
				entries.remove();
			}
			else if (entry.getValue() < generation) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Return how many connections were opened so far.
	 * @return the count
	 */
	synchronized long opened() {
		return this.opened;
	}

	/**
	 * Wait until a connection is opened after the given count, or the timeout passes.
	 * @param count the count from {@link #opened()}
	 * @param timeoutMillis the longest wait
	 * @throws InterruptedException if interrupted while waiting
	 */
	synchronized void awaitOpenedAfter(long count, long timeoutMillis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		long remaining = timeoutMillis;
		while (this.opened == count && remaining > 0) {
			wait(remaining);
			remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
		}
	}

	private static boolean isClosed(Connection connection) {
		try {
			return connection.isClosed();
		}
		catch (SQLException ex) {
			return true;
		}
	}

}
