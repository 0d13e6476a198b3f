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

	/** The name of the variable the connection string came from. */
	private final String variable;

	/** What is wrong, without any value from the connection string. */
	private final String reason;

	/** The kind of problem. */
	private final Kind kind;

	/**
	 * Create a new exception.
	 * @param variable the name of the variable that held the connection string
	 * @param kind the kind of problem
	 * @param reason what is wrong, without any secret
	 */
	public InvalidDatabaseUrlException(String variable, Kind kind, String reason) {
		super(variable + " is not a usable PostgreSQL connection string: " + reason);
		this.variable = variable;
		this.kind = kind;
		this.reason = reason;
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
	 * Return the kind of problem.
	 * @return the kind
	 */
	public Kind getKind() {
		return this.kind;
	}

	/**
	 * The kinds of problem a connection string can have.
	 */
	public enum Kind {

		/** The string breaks libpq's grammar or names something pgjdbc cannot do. */
		SYNTAX,

		/** The SSL mode may connect without TLS, and insecure modes are not allowed. */
		INSECURE_SSL_MODE,

		/** The string disagrees with another one it must match, such as the pooler's. */
		INCONSISTENT,

		/**
		 * The string sets a driver property that could weaken TLS or supply credentials
		 * from elsewhere.
		 */
		REFUSED_PARAMETER

	}

}
