package io.github.herokupg.credentials.source;

/**
 * Thrown when the variable that should hold the connection string is not set.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class ConnectionStringNotSetException extends CredentialSourceException {

	/** The name of the variable that is not set. */
	private final String variable;

	/**
	 * Create a new exception.
	 * @param variable the name of the variable that is not set
	 */
	public ConnectionStringNotSetException(String variable) {
		super(variable + " is not set");
		this.variable = variable;
	}

	/**
	 * Return the name of the variable that is not set.
	 * @return the variable
	 */
	public String getVariable() {
		return this.variable;
	}

}
