package io.github.herokupg.r2dbc;

import java.sql.SQLException;
import java.time.Duration;

import io.github.herokupg.credentials.CredentialsSnapshot;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.PasswordRejection;
import io.github.herokupg.credentials.PooledConnections;
import io.github.herokupg.credentials.ServerFailure;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * An R2DBC {@link ConnectionFactory} that opens every connection with an endpoint's
 * current credentials: host, port, database, user and password of the snapshot at that
 * moment, so that a rotation or a host move reaches the next connection. When the server
 * rejects the password (SQL state {@code 28P01}) it asks for new credentials once (the
 * same single-flight, floored refresh as the JDBC side) and, if they changed, retries at
 * once; a generation just rejected is not tried again. When the host cannot be reached
 * it asks the source too, and connects to the new host if the URL changed. While new
 * credentials are being validated it waits for them instead of logging in with the ones
 * they replace. The refresh and every wait run on a worker thread, never on the caller's
 * event loop.
 * <p>
 * It records the generation each connection was opened with, so that a pool can retire
 * the older ones after a change ({@link #isOlderThanCurrent(Connection)}).
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class CredentialAwareConnectionFactory implements ConnectionFactory, PooledConnections {

	private static final Log logger = LogFactory.getLog(CredentialAwareConnectionFactory.class);

	private final DatabaseCredentials credentials;

	private final R2dbcConnectionOptions options;

	private final boolean refreshOnAuthFailure;

	private final Duration loginTimeout;

	private final OpenConnections connections = new OpenConnections();

	private volatile boolean tracking;

	private volatile @Nullable Generation generation;


	/**
	 * Create a connection factory.
	 * @param credentials the endpoint's credentials
	 * @param options turns a snapshot into the driver's configuration
	 * @param refreshOnAuthFailure whether to fetch new credentials when the server
	 * rejects the password
	 * @param loginTimeout how long a connection attempt waits for newer credentials after
	 * a rejection
	 */
	public CredentialAwareConnectionFactory(DatabaseCredentials credentials, R2dbcConnectionOptions options,
			boolean refreshOnAuthFailure, Duration loginTimeout) {
		this.credentials = credentials;
		this.options = options;
		this.refreshOnAuthFailure = refreshOnAuthFailure;
		this.loginTimeout = loginTimeout;
	}

	@Override
	public Mono<Connection> create() {
		return Mono.defer(() -> {
			CredentialsSnapshot snapshot = this.credentials.current();
			if (this.credentials.isValidating()) {
				// no login with credentials being replaced: the validation's outcome is near
				return blocking(() -> this.credentials.afterValidation(snapshot, this.loginTimeout))
					.flatMap(this::connectWith);
			}
			return connectWith(snapshot);
		});
	}

	private Mono<Connection> connectWith(CredentialsSnapshot snapshot) {
		if (this.credentials.isRecentlyRejected(snapshot)) {
			// no login with a password just rejected: only newer credentials are worth a try
			return blocking(() -> snapshotAfterRecentRejection(snapshot)).flatMap(this::connectOrRetry);
		}
		return connectOrRetry(snapshot);
	}

	private Mono<Connection> connectOrRetry(CredentialsSnapshot snapshot) {
		return connect(snapshot).onErrorResume((ex) -> {
			SQLException failure = asSqlException(ex);
			if (failure != null && PasswordRejection.is(failure)) {
				return blocking(() -> newerAfterRejecting(snapshot)).flatMap((newer) -> {
					logger.debug("Password of generation " + snapshot.generation()
							+ " rejected, retrying with generation " + newer.generation());
					return connect(newer);
				}).switchIfEmpty(Mono.error(ex));
			}
			if (failure != null && ServerFailure.isHostFailure(failure)) {
				return blocking(() -> connectAfterHostFailure(snapshot, failure, ex));
			}
			return Mono.error(ex);
		});
	}

	/**
	 * The server rejected the password: ask for new credentials (single flight, within
	 * the floor) and, when none are there yet, wait for them up to the login timeout, as
	 * a JDBC pool's connection adder does, so that the request gets a connection the
	 * moment they arrive instead of an error.
	 */
	private @Nullable CredentialsSnapshot newerAfterRejecting(CredentialsSnapshot snapshot) {
		CredentialsSnapshot newer = this.credentials.authenticationFailed(snapshot, this.refreshOnAuthFailure);
		return (newer != null) ? newer : this.credentials.awaitNewerThan(snapshot, this.loginTimeout);
	}

	/**
	 * The host cannot be reached: the database may have moved, or is restarting. Ask the
	 * source, and keep trying for the login timeout: every
	 * {@link DatabaseCredentials#HOST_RETRY_PAUSE} against the same host, at once against
	 * a new one when the source names it. A failed TLS handshake is not retried.
	 */
	private Connection connectAfterHostFailure(CredentialsSnapshot failed, SQLException failure, Throwable original)
			throws Exception {
		long wait = ServerFailure.isUnreachable(failure) ? this.loginTimeout.toNanos() : 0;
		long deadline = System.nanoTime() + wait;
		CredentialsSnapshot snapshot = failed;
		SQLException last = failure;
		Throwable lastError = original;
		while (true) {
			CredentialsSnapshot newer = this.credentials.afterHostFailure(snapshot, ServerFailure.describe(last),
					deadline);
			if (newer != null) {
				snapshot = newer;
			}
			else if (deadline - System.nanoTime() <= 0 || this.credentials.isClosing()) {
				throw asException(lastError);
			}
			try {
				Connection connection = connect(snapshot).block(this.loginTimeout);
				if (connection != null) {
					return connection;
				}
			}
			catch (RuntimeException ex) {
				SQLException again = asSqlException(Exceptions.unwrap(ex));
				if (again == null || !ServerFailure.isUnreachable(again) || deadline - System.nanoTime() <= 0) {
					throw asException(Exceptions.unwrap(ex));
				}
				last = again;
				lastError = Exceptions.unwrap(ex);
			}
		}
	}

	private CredentialsSnapshot snapshotAfterRecentRejection(CredentialsSnapshot snapshot) throws SQLException {
		CredentialsSnapshot newer = this.credentials.newerThan(snapshot, this.refreshOnAuthFailure);
		if (newer == null) {
			newer = this.credentials.awaitNewerThan(snapshot, this.loginTimeout);
		}
		if (newer != null) {
			return newer;
		}
		if (!this.credentials.isRecentlyRejected(snapshot)) {
			return snapshot;
		}
		throw new SQLException("The database rejected the credentials of generation " + snapshot.generation()
				+ " and no newer ones are available yet", PasswordRejection.INVALID_PASSWORD);
	}

	private Mono<Connection> connect(CredentialsSnapshot snapshot) {
		return Mono.from(factoryFor(snapshot).create()).map((connection) -> {
			this.credentials.accepted(snapshot);
			if (this.tracking) {
				this.connections.opened(connection, snapshot.generation());
			}
			return (Connection) connection;
		});
	}

	private PostgresqlConnectionFactory factoryFor(CredentialsSnapshot snapshot) {
		Generation cached = this.generation;
		if (cached != null && cached.generation == snapshot.generation()) {
			return cached.factory;
		}
		Generation created = new Generation(snapshot.generation(),
				new PostgresqlConnectionFactory(this.options.configuration(snapshot.url())));
		if (cached == null || cached.generation < snapshot.generation()) {
			this.generation = created;
		}
		return created.factory;
	}

	/**
	 * Whether a connection this factory opened holds credentials older than the current
	 * ones: a pool retires it instead of handing it out again.
	 * @param connection the connection
	 * @return whether it is older (an unknown connection is not)
	 */
	public boolean isOlderThanCurrent(Connection connection) {
		return this.connections.isOlderThan(connection, this.credentials.current().generation());
	}

	/**
	 * Record from now on which generation each new connection was opened with, for a
	 * pool that reports every connection it closes ({@link #closed(Connection)}). Without
	 * a pool nothing is recorded: nobody would report the closes.
	 */
	public void trackOpenConnections() {
		this.tracking = true;
	}

	/**
	 * Forget a connection the pool closed.
	 * @param connection the connection
	 */
	public void closed(Connection connection) {
		this.connections.closed(connection);
	}

	@Override
	public DatabaseCredentials credentials() {
		return this.credentials;
	}

	@Override
	public String driver() {
		return "r2dbc";
	}

	@Override
	public int openOlderThanCurrent() {
		return this.connections.olderThan(this.credentials.current().generation());
	}

	@Override
	public int open() {
		return this.connections.count();
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return factoryFor(this.credentials.current()).getMetadata();
	}

	private static Exception asException(Throwable failure) {
		return (failure instanceof Exception exception) ? exception : new IllegalStateException(failure);
	}

	private static <T> Mono<T> blocking(Blocking<T> call) {
		return Mono.fromCallable(call::call).subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * The SQL state of a driver failure as the JDBC side sees it, so that both sides
	 * classify failures alike.
	 */
	static @Nullable SQLException asSqlException(Throwable failure) {
		Throwable cause = failure;
		for (int i = 0; cause != null && i < 16; i++, cause = cause.getCause()) {
			if (cause instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null) {
				return new SQLException(r2dbc.getMessage(), r2dbc.getSqlState(), r2dbc);
			}
		}
		return (failure instanceof R2dbcException || failure instanceof java.io.IOException)
				? new SQLException(failure.getMessage(), null, failure) : null;
	}

	@Override
	public String toString() {
		return "CredentialAwareConnectionFactory[" + this.credentials.current() + "]";
	}

	@FunctionalInterface
	private interface Blocking<T> {

		@Nullable T call() throws Exception;

	}

	private record Generation(long generation, PostgresqlConnectionFactory factory) {
	}

}
