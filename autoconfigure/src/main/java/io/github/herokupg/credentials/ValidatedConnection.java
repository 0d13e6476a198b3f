package io.github.herokupg.credentials;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The connection that showed new credentials work, kept for a few seconds so that a pool
 * can take it as its first connection with them instead of logging in once more; closed
 * if nobody takes it in time.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class ValidatedConnection {

	private static final Duration LIFETIME = Duration.ofSeconds(5);

	private final @Nullable BackgroundTasks tasks;

	private @Nullable Connection connection;

	private long generation;

	/**
	 * Create a holder.
	 * @param tasks closes a connection nobody took, or {@code null} to keep none
	 */
	ValidatedConnection(@Nullable BackgroundTasks tasks) {
		this.tasks = tasks;
	}

	synchronized void keep(Connection connection, long generation) {
		close(this.connection);
		BackgroundTasks tasks = this.tasks;
		if (tasks == null) {
			close(connection);
			this.connection = null;
			return;
		}
		this.connection = connection;
		this.generation = generation;
		tasks.closeLater(() -> expire(connection), LIFETIME);
	}

	synchronized @Nullable Connection take(long generation) {
		Connection connection = this.connection;
		if (connection == null || this.generation != generation) {
			return null;
		}
		this.connection = null;
		return connection;
	}

	private synchronized void expire(Connection connection) {
		if (this.connection == connection) {
			this.connection = null;
			close(connection);
		}
	}

	private static void close(@Nullable Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// closing a connection nobody took: nothing to do about a failure
			}
		}
	}

}
