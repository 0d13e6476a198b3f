package io.github.herokupg.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.github.herokupg.credentials.CredentialsSnapshot;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.PasswordRejection;
import io.github.herokupg.credentials.PooledConnections;
import io.github.herokupg.credentials.Secrets;
import io.github.herokupg.credentials.ServerFailure;
import io.github.herokupg.url.HostAndPort;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DataSource} that opens each physical connection with the current
 * {@link DatabaseCredentials}. A pool such as HikariCP asks it only for new connections,
 * so the borrow path stays the pool's own. When the server rejects the password
 * ({@code 28P01}, or PgBouncer's {@code 08P01} "authentication failed") it fetches new
 * credentials once and, if they changed, retries at once;
 * a generation the server has just rejected is not tried again before the minimum
 * interval, so a stale password cannot flood the server or lock the account. Meanwhile a
 * caller that set a login timeout (a pool does) waits for newer credentials for up to
 * that timeout, and connects the moment they arrive; such a caller also waits while new
 * credentials are being validated, rather than logging in with the ones they replace.
 * The first connection with new credentials is the one that validated them, when that is
 * a few seconds old at most. It records which generation each connection was opened
 * with, for {@link RollingReplacement}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class CredentialAwareDataSource implements DataSource, PooledConnections {

	private static final Log logger = LogFactory.getLog(CredentialAwareDataSource.class);

	static final String INVALID_PASSWORD = PasswordRejection.INVALID_PASSWORD;

	static final String HBA_REJECTION = "28000";

	private final AtomicLong reportedGeneration = new AtomicLong();

	private final DatabaseCredentials credentials;

	private final PostgresConnector connector;

	private final boolean refreshOnAuthFailure;

	private final ConnectionGenerations generations = new ConnectionGenerations();

	private volatile int loginTimeout;


	/**
	 * Create a data source.
	 * @param credentials the credentials to connect with
	 * @param connector opens the connections
	 * @param refreshOnAuthFailure whether to fetch new credentials when the server
	 * rejects the password
	 */
	public CredentialAwareDataSource(DatabaseCredentials credentials, PostgresConnector connector,
			boolean refreshOnAuthFailure) {
		this.credentials = credentials;
		this.connector = connector;
		this.refreshOnAuthFailure = refreshOnAuthFailure;
	}

	@Override
	public Connection getConnection() throws SQLException {
		CredentialsSnapshot snapshot = this.credentials.current();
		if (this.loginTimeout > 0) {
			// a pool's connection adder does not log in with credentials being replaced
			snapshot = this.credentials.afterValidation(snapshot, Duration.ofSeconds(this.loginTimeout));
		}
		if (this.credentials.isRecentlyRejected(snapshot)) {
			// no login with a password just rejected: only newer credentials are worth a try
			CredentialsSnapshot newer = this.credentials.newerThan(snapshot, this.refreshOnAuthFailure);
			if (newer == null && this.loginTimeout > 0) {
				// a pool's connection adder waits here for the refresh instead of backing off
				newer = this.credentials.awaitNewerThan(snapshot, Duration.ofSeconds(this.loginTimeout));
			}
			if (newer != null) {
				snapshot = newer;
			}
			else if (this.credentials.isRecentlyRejected(snapshot)) {
				throw new SQLInvalidAuthorizationSpecException("The database rejected the credentials of generation "
						+ snapshot.generation() + " and no newer ones are available yet", INVALID_PASSWORD);
			}
		}
		try {
			return connect(snapshot);
		}
		catch (SQLException ex) {
			if (HBA_REJECTION.equals(ex.getSQLState())) {
				reportConfigurationError(snapshot, ex);
			}
			if (ServerFailure.isHostFailure(ex)) {
				return connectAfterHostFailure(snapshot, ex);
			}
			if (!PasswordRejection.is(ex)) {
				throw ex;
			}
			CredentialsSnapshot newer = this.credentials.authenticationFailed(snapshot, this.refreshOnAuthFailure);
			if (newer == null) {
				throw ex;
			}
			logger.debug("Password of generation " + snapshot.generation() + " rejected, retrying with generation "
					+ newer.generation());
			return connect(newer);
		}
	}

	/**
	 * The host cannot be reached: the database may have moved, or is restarting. Ask the
	 * source (a floored, single-flight fetch), and connect to the new host at once if the
	 * URL changed. A caller that set a login timeout (a pool's connection adder) keeps
	 * trying for that long instead of backing off on its own: every
	 * {@link DatabaseCredentials#HOST_RETRY_PAUSE} against the same host, at once when new
	 * credentials arrive, so that a restarted server or a new host is used the moment it
	 * answers.
	 * Once the application shuts down it stops trying: the pool's close waits for it.
	 */
	private Connection connectAfterHostFailure(CredentialsSnapshot failed, SQLException failure)
			throws SQLException {
		// only an unreachable host is worth waiting for: a failed TLS handshake is not
		long wait = ServerFailure.isUnreachable(failure) ? Duration.ofSeconds(this.loginTimeout).toNanos() : 0;
		long deadline = System.nanoTime() + wait;
		CredentialsSnapshot snapshot = failed;
		SQLException last = failure;
		while (true) {
			CredentialsSnapshot newer = this.credentials.afterHostFailure(snapshot, ServerFailure.describe(last),
					deadline);
			if (newer != null) {
				snapshot = newer;
			}
			else if (stopTrying(deadline)) {
				throw last;
			}
			try {
				return connect(snapshot);
			}
			catch (SQLException ex) {
				if (!ServerFailure.isUnreachable(ex) || stopTrying(deadline)) {
					throw ex;
				}
				last = ex;
			}
		}
	}

	private void reportConfigurationError(CredentialsSnapshot snapshot, SQLException ex) {
		// pg_hba.conf rejections are not fixed by new credentials: report once, never loop
		if (this.reportedGeneration.getAndSet(snapshot.generation()) != snapshot.generation()) {
			logger.error("The database refused the connection before checking the password (SQL state 28000, "
					+ "pg_hba.conf): check the SSL mode, the client certificate (heroku.postgres.ssl.bundle), "
					+ "the client address and the database name. "
					+ Secrets.mask(ex.getMessage(), snapshot.url()));
		}
	}

	private Connection connect(CredentialsSnapshot snapshot) throws SQLException {
		Connection connection = this.credentials.takeValidatedConnection(snapshot);
		if (connection == null || connection.isClosed()) {
			connection = this.connector.connect(snapshot.url(), this.loginTimeout);
		}
		this.credentials.accepted(snapshot);
		this.generations.opened(connection, snapshot.generation());
		return connection;
	}

	ConnectionGenerations generations() {
		return this.generations;
	}

	private boolean stopTrying(long deadline) {
		return deadline - System.nanoTime() <= 0 || this.credentials.isClosing();
	}

	List<HostAndPort> currentHosts() {
		return this.credentials.current().url().hosts();
	}

	/**
	 * Count the open connections this data source opened with credentials older than a
	 * generation: how many a pool has still to move after a change.
	 * @param generation the generation
	 * @return the count
	 */
	public int openConnectionsOlderThan(long generation) {
		return this.generations.openOlderThan(generation);
	}

	@Override
	public DatabaseCredentials credentials() {
		return this.credentials;
	}

	@Override
	public String driver() {
		return "jdbc";
	}

	@Override
	public int open() {
		return this.generations.open();
	}

	@Override
	public int openOlderThanCurrent() {
		return this.generations.openOlderThan(this.credentials.current().generation());
	}

	/**
	 * Return how many connections this data source has opened since it was created.
	 * @return the count
	 */
	public long connectionsOpened() {
		return this.generations.opened();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return this.connector.connect(this.credentials.current().url(), username, password);
	}

	@Override
	public @Nullable PrintWriter getLogWriter() {
		return null;
	}

	@Override
	public void setLogWriter(PrintWriter out) {
	}

	@Override
	public void setLoginTimeout(int seconds) {
		this.loginTimeout = seconds;
	}

	@Override
	public int getLoginTimeout() {
		return this.loginTimeout;
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		throw new SQLFeatureNotSupportedException();
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return iface.cast(this);
		}
		throw new SQLException("Not a wrapper for " + iface.getName());
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) {
		return iface.isInstance(this);
	}

	@Override
	public String toString() {
		return "CredentialAwareDataSource[" + this.credentials.current() + "]";
	}

}
