package io.github.herokupg.credentials.source;

/**
 * Thrown when a {@link CredentialSource} cannot fetch the connection string. The
 * message says what failed and never carries a secret.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class CredentialSourceException extends RuntimeException {

	/**
	 * Create a new exception.
	 * @param message what failed, free of secrets
	 */
	public CredentialSourceException(String message) {
		super(message);
	}

	/**
	 * Create a new exception.
	 * @param message what failed, free of secrets
	 * @param cause the cause
	 */
	public CredentialSourceException(String message, Throwable cause) {
		super(message, cause);
	}

}
