package io.github.herokupg.credentials;

/**
 * Where the connection string comes from: an environment variable, a file, the Heroku
 * Platform API or a command. Each call fetches afresh.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public interface CredentialSource {

	/**
	 * Fetch the current connection string.
	 * @return the connection string, never blank
	 * @throws CredentialSourceException if it cannot be fetched; the message is free of
	 * secrets
	 */
	String fetch() throws CredentialSourceException;

	/**
	 * Return the type of this source, as {@code heroku.postgres.source.type} spells it.
	 * @return the type, for example {@code env}
	 */
	String type();

	/**
	 * Return where this source reads from, free of secrets: a variable name, a file
	 * path, an app name or a command.
	 * @return the location
	 */
	String location();

}
