package io.github.herokupg.url;

/**
 * Thrown when a connection string cannot be turned into a usable
 * {@link DatabaseUrl}. The message names the variable the string came from and what
 * is wrong with it; it never contains the connection string itself, the password or
 * any other value that could carry a secret.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class InvalidDatabaseUrlException extends RuntimeException {

	private final String variable;

	private final String reason;

	private final String action;

	/**
	 * Create a new exception.
	 * @param variable the name of the variable that held the connection string
	 * @param reason what is wrong, without any secret
	 * @param action what the user should change
	 */
	public InvalidDatabaseUrlException(String variable, String reason, String action) {
		super(variable + " is not a usable PostgreSQL connection string: " + reason);
		this.variable = variable;
		this.reason = reason;
		this.action = action;
	}

	/**
	 * Return the name of the variable that held the connection string.
	 * @return the variable name, for example {@code DATABASE_URL}
	 */
	public String getVariable() {
		return this.variable;
	}

	/**
	 * Return what is wrong with the connection string.
	 * @return the reason, free of secrets
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * Return what the user should change to fix the problem.
	 * @return the suggested action
	 */
	public String getAction() {
		return this.action;
	}

}
