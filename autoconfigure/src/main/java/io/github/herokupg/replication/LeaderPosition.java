package io.github.herokupg.replication;

/**
 * Reads the leader's current WAL position ({@code pg_current_wal_lsn()}) on one of its
 * pool's connections.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@FunctionalInterface
public interface LeaderPosition {

	/**
	 * Read the position. Called on the check's own thread: it may block.
	 * @return the position in PostgreSQL's text form
	 * @throws Exception when it cannot be read; the check then takes no sample
	 */
	String current() throws Exception;

}
