package io.github.herokupg.jdbc;

import java.sql.SQLException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.zaxxer.hikari.SQLExceptionOverride;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.ServerFailure;

/**
 * Watches the errors of a pool's connections for signs that the database moved or is
 * being maintained: a lost connection or a server shutting down ({@code 08…},
 * {@code 57P01}–{@code 57P03}), and on a read-write pool a leader turned read-only
 * ({@code 25006}). Each sign asks the endpoint's source for a new URL, in the background
 * and once at a time, so that the statement's own error reaches the caller unchanged and
 * at once (no silent retry of a transaction). A read-only leader's connection is
 * evicted; for the others Hikari decides, as it does without this watch.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class ServerFailureWatch implements SQLExceptionOverride {

	private final DatabaseCredentials credentials;

	private final boolean readWrite;

	private final Executor executor;

	private final AtomicBoolean reporting = new AtomicBoolean();

	/**
	 * Create a watch.
	 * @param credentials the endpoint's credentials
	 * @param readWrite whether the pool's connections write (a leader's, a pooler's, an
	 * attachment's), so that {@code 25006} means the server turned read-only
	 * @param executor runs the reports (the application context's background tasks)
	 */
	public ServerFailureWatch(DatabaseCredentials credentials, boolean readWrite, Executor executor) {
		this.credentials = credentials;
		this.readWrite = readWrite;
		this.executor = executor;
	}

	@java.lang.Override
	public SQLExceptionOverride.Override adjudicate(SQLException ex) {
		boolean readOnlyLeader = this.readWrite && ServerFailure.isReadOnlyLeader(ex);
		if (readOnlyLeader || ServerFailure.isHostFailure(ex)) {
			report(ServerFailure.describe(ex));
		}
		return readOnlyLeader ? SQLExceptionOverride.Override.MUST_EVICT : SQLExceptionOverride.Override.CONTINUE_EVICT;
	}

	private void report(String failure) {
		if (!this.reporting.compareAndSet(false, true)) {
			return;
		}
		try {
			this.executor.execute(() -> {
				try {
					this.credentials.serverFailed(this.credentials.current(), failure);
				}
				finally {
					this.reporting.set(false);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.reporting.set(false);
		}
	}

}
