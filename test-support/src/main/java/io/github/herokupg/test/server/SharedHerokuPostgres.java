package io.github.herokupg.test.server;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@link HerokuLikePostgres} shared by the tests of a JVM, started on first use and
 * stopped when the JVM exits. Tests that change roles create their own with
 * {@link #newRole(String)}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class SharedHerokuPostgres {

	private static final AtomicInteger roles = new AtomicInteger();

	private static volatile HerokuLikePostgres server;

	private SharedHerokuPostgres() {
	}

	/**
	 * Return the shared server, starting it if needed.
	 * @return the server
	 */
	public static HerokuLikePostgres get() {
		if (server == null) {
			synchronized (SharedHerokuPostgres.class) {
				if (server == null) {
					server = HerokuLikePostgres.start();
				}
			}
		}
		return server;
	}

	/**
	 * Create a role with the given name and password on the shared server.
	 * @param name the role name, any characters
	 * @param password the password, any characters
	 * @return the role
	 */
	public static TestRole newRole(String name, String password) {
		return get().newRole(name, password);
	}

	/**
	 * Create a fresh role with a random password on the shared server.
	 * @param prefix the start of the role name
	 * @return the role
	 */
	public static TestRole newRole(String prefix) {
		String name = prefix + "_" + roles.incrementAndGet();
		return newRole(name, TestRole.randomPassword());
	}

}
