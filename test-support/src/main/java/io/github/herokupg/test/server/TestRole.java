package io.github.herokupg.test.server;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A login role on a {@link HerokuLikePostgres} server and its current password.
 *
 * @param server the server
 * @param name the role name
 * @param password the current password
 * @author heroku-postgres-spring-boot-starter contributors
 */
public record TestRole(HerokuLikePostgres server, String name, String password) {

	private static final SecureRandom random = new SecureRandom();

	/**
	 * Return a Heroku-like random password: 32 hex digits.
	 * @return a new password
	 */
	public static String randomPassword() {
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		return "pw" + HexFormat.of().formatHex(bytes);
	}

	/**
	 * Return the Heroku-style URL for this role.
	 * @return the URL
	 */
	public String databaseUrl() {
		return this.server.databaseUrl(this.name, this.password);
	}

	/**
	 * Give the role a new random password, as {@code heroku pg:credentials:rotate} does.
	 * @return the role with its new password
	 */
	public TestRole rotate() {
		String newPassword = randomPassword();
		this.server.changePassword(this.name, newPassword);
		return new TestRole(this.server, this.name, newPassword);
	}

	@Override
	public String toString() {
		return "TestRole[" + this.name + "]";
	}

}
