package io.github.herokupg.r2dbc;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.herokupg.credentials.CredentialsSnapshot;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.PasswordRejection;
import io.github.herokupg.credentials.ServerFailure;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * An R2DBC {@link ConnectionFactory} that opens every connection with an endpoint's
 * current credentials: host, port, database, user and password of the snapshot at that
 * moment, so that a rotation or a host move reaches the next connection. When the server
 * rejects the password (SQL state {@code 28P01}) it asks for new credentials once (the
 * same single-flight, floored refresh as the JDBC side) and, if they changed, retries at
 * once; a generation just rejected is not tried again. When the host cannot be reached
 * it asks the source too, and connects to the new host if the URL changed. The refresh
 * runs on a worker thread, never on the caller's event loop.
 * <p>
 * It records the generation each connection was opened with, so that a pool can retire
 * the older ones after a change ({@link #isOlderThanCurrent(Connection)}).
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class CredentialAwareConnectionFactory implements ConnectionFactory {

	private static final Log logger = LogFactory.getLog(CredentialAwareConnectionFactory.class);

	private final DatabaseCredentials credentials;

	private final R2dbcConnectionOptions options;

	private final boolean refreshOnAuthFailure;

	private final Duration loginTimeout;

	private final Map<Connection, Long> generations = new ConcurrentHashMap<>();

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
			if (this.credentials.isRecentlyRejected(snapshot)) {
				// no login with a password just rejected: only newer credentials are worth a try
				return blocking(() -> newerAfterRejection(snapshot)).flatMap(this::connectOrRetry);
			}
			return connectOrRetry(snapshot);
		});
	}

	private Mono<Connection> connectOrRetry(CredentialsSnapshot snapshot) {
		return connect(snapshot).onErrorResume((ex) -> {
			SQLException failure = asSqlException(ex);
			if (failure == null) {
				return Mono.error(ex);
			}
			if (PasswordRejection.is(failure)) {
				return blocking(() -> this.credentials.authenticationFailed(snapshot, this.refreshOnAuthFailure))
					.flatMap((newer) -> {
						logger.debug("Password of generation " + snapshot.generation()
								+ " rejected, retrying with generation " + newer.generation());
						return connect(newer);
					})
					.switchIfEmpty(Mono.error(ex));
			}
			if (ServerFailure.isHostFailure(failure)) {
				return blocking(() -> this.credentials.serverFailed(snapshot, ServerFailure.describe(failure)))
					.flatMap((newer) -> {
						logger.info("Hosts " + snapshot.url().hosts() + " failed (" + ServerFailure.describe(failure)
								+ "); the source names " + newer.url().hosts() + ": connecting there");
						return connect(newer);
					})
					.switchIfEmpty(Mono.error(ex));
			}
			return Mono.error(ex);
		});
	}

	private CredentialsSnapshot newerAfterRejection(CredentialsSnapshot snapshot) throws SQLException {
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
			this.generations.put(connection, snapshot.generation());
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
		Long opened = this.generations.get(connection);
		return opened != null && opened < this.credentials.current().generation();
	}

	/**
	 * Forget a connection the pool closed.
	 * @param connection the connection
	 */
	public void closed(Connection connection) {
		this.generations.remove(connection);
	}

	/**
	 * Count the open connections opened with credentials older than the current ones.
	 * @return the count
	 */
	public int openOlderThanCurrent() {
		long current = this.credentials.current().generation();
		return (int) this.generations.values().stream().filter((opened) -> opened < current).count();
	}

	/**
	 * Count the open connections this factory opened.
	 * @return the count
	 */
	public int open() {
		return this.generations.size();
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return factoryFor(this.credentials.current()).getMetadata();
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
