package io.github.herokupg.jdbc;

/**
 * How the connections of a pool move to new credentials.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 * @see RollingReplacement
 */
public enum ReplacementMode {

	/**
	 * One at a time, each closed once its replacement is open: the pool stays at its
	 * size.
	 */
	ROLLING,

	/**
	 * Soft eviction of all at once: idle connections closed, in-use ones closed when
	 * returned. The pool refills faster, while requests wait for its logins.
	 */
	IMMEDIATE

}
