package io.github.herokupg.r2dbc;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

import io.github.herokupg.replication.FollowerConnections;
import io.github.herokupg.replication.FollowerUnavailableException;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * A follower's r2dbc-pool as the replication check uses it. The check runs on its own
 * thread, so the queries block there, each for at most the given timeout.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class R2dbcFollowerConnections implements FollowerConnections {

	private final ConnectionPool pool;

	private final Duration timeout;

	R2dbcFollowerConnections(ConnectionPool pool, Duration timeout) {
		this.pool = pool;
		this.timeout = timeout;
	}

	ConnectionPool pool() {
		return this.pool;
	}

	@Override
	public Replay replay() throws FollowerUnavailableException {
		try {
			return queryOne(this.pool, "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text",
					(row, metadata) -> new Replay(Boolean.TRUE.equals(row.get(0, Boolean.class)),
							row.get(1, String.class)),
					this.timeout);
		}
		catch (RuntimeException ex) {
			Throwable failure = Exceptions.unwrap(ex);
			if (failure instanceof R2dbcException r2dbc) {
				throw new FollowerUnavailableException(isBusy(r2dbc), r2dbc.getSqlState(), r2dbc);
			}
			if (failure instanceof TimeoutException) {
				throw new FollowerUnavailableException(false, null, failure);
			}
			throw ex;
		}
	}

	/**
	 * Whether a failure only means that every connection of the pool is lent out: the
	 * pool timed out waiting for one while some are in use. A busy follower stays in
	 * routing; that one request goes elsewhere.
	 * @param failure the failure
	 * @return whether the follower is busy rather than lost
	 */
	boolean isBusy(Throwable failure) {
		return failure instanceof R2dbcTimeoutException
				&& this.pool.getMetrics().map((metrics) -> metrics.acquiredSize() > 0).orElse(false);
	}

	/**
	 * Nothing to do: r2dbc-pool validates each connection as it is acquired and drops the
	 * ones whose server went away.
	 */
	@Override
	public void evictIdle() {
	}

	/**
	 * Run a query that answers one row on one of the factory's connections, and wait for
	 * the answer.
	 */
	static <T> T queryOne(ConnectionFactory factory, String sql, BiFunction<Row, RowMetadata, T> mapper,
			Duration timeout) {
		T answer = Mono
			.usingWhen(factory.create(),
					(connection) -> Mono.from(connection.createStatement(sql).execute())
						.flatMap((result) -> Mono.from(result.map(mapper))),
					Connection::close)
			.timeout(timeout)
			.block();
		if (answer == null) {
			throw new IllegalStateException("No row answered " + sql);
		}
		return answer;
	}

}
