package io.github.herokupg.credentials;

/**
 * What a pool's connection source knows about the connections it opened: the endpoint
 * whose credentials they carry, how many are open and how many of those hold credentials
 * older than the current ones. JDBC and R2DBC sources alike, for the endpoint that shows
 * every pool beside the others.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public interface PooledConnections {

	/**
	 * Return the credentials the connections are opened with.
	 * @return the endpoint's credentials
	 */
	DatabaseCredentials credentials();

	/**
	 * Return the driver side, {@code jdbc} or {@code r2dbc}.
	 * @return the driver side
	 */
	String driver();

	/**
	 * Count the open connections this source opened.
	 * @return the count
	 */
	int open();

	/**
	 * Count the open connections opened with credentials older than the current ones:
	 * what the pool has still to move after a change.
	 * @return the count
	 */
	int openOlderThanCurrent();

}
