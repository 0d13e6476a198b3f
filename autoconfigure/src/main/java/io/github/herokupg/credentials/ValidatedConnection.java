package io.github.herokupg.credentials;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The connection that showed new credentials work, kept for a few seconds so that a pool
 * can take it as its first connection with them instead of logging in once more; closed
 * if nobody takes it in time.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class ValidatedConnection {

	private static final long LIFETIME_SECONDS = 5;

	private @Nullable Connection connection;

	private long generation;

	synchronized void keep(Connection connection, long generation) {
		close(this.connection);
		this.connection = connection;
		this.generation = generation;
		CompletableFuture.delayedExecutor(LIFETIME_SECONDS, TimeUnit.SECONDS).execute(() -> expire(connection));
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
