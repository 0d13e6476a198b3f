package io.github.herokupg.credentials.source;

/**
 * Thrown when a source refuses access for good, such as the Heroku Platform API
 * answering {@code 401} or {@code 403} to the token: asking again cannot help until the
 * configuration changes, so periodic polling stops and the health goes down.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class SourceAccessDeniedException extends CredentialSourceException {

	/**
	 * Create a new exception.
	 * @param message what was refused, free of secrets
	 */
	public SourceAccessDeniedException(String message) {
		super(message);
	}

}
