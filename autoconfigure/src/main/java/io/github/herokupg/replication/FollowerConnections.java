package io.github.herokupg.replication;

import org.jspecify.annotations.Nullable;

/**
 * A follower's pool as the replication check uses it, from the side (JDBC or R2DBC) that
 * owns the pool.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public interface FollowerConnections {

	/**
	 * Ask the follower, on one of its pool's connections, whether it is a standby and how
	 * far it has replayed ({@code pg_is_in_recovery()}, {@code pg_last_wal_replay_lsn()}).
	 * Called on the check's own thread, never on an event loop: it may block.
	 * @return the answer
	 * @throws FollowerUnavailableException when no connection or no answer could be had
	 */
	Replay replay() throws FollowerUnavailableException;

	/**
	 * Close the pool's idle connections: the follower went away, and they are dead.
	 */
	void evictIdle();

	/**
	 * What a follower answered.
	 *
	 * @param inRecovery whether it is a standby
	 * @param replayed the last WAL position it replayed, in PostgreSQL's text form, or
	 * {@code null} when it is not a standby
	 */
	record Replay(boolean inRecovery, @Nullable String replayed) {

	}

}
