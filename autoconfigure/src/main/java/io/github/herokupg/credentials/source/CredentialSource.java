package io.github.herokupg.credentials.source;

import java.util.Collection;
import java.util.Map;

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
	 * Fetch the connection string together with further config vars, in one go where the
	 * source can: one Platform API call answers every config var, a directory of secrets
	 * holds one file per variable. The default fetches the connection string alone, so
	 * a source that does not override it delivers no further variable.
	 * @param variables the further config vars, such as
	 * {@code DATABASE_CONNECTION_POOL_URL}
	 * @return the connection string and those further variables that are set
	 * @throws CredentialSourceException if the connection string cannot be fetched
	 */
	default ConnectionStrings fetchWith(Collection<String> variables) throws CredentialSourceException {
		return new ConnectionStrings(fetch(), Map.of());
	}

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
