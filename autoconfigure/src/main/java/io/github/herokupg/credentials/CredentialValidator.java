package io.github.herokupg.credentials;

import java.sql.SQLException;

import io.github.herokupg.url.DatabaseUrl;

/**
 * Tries new credentials against the database before they become current.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@FunctionalInterface
public interface CredentialValidator {

	/**
	 * Check that the database accepts the credentials.
	 * @param url the new connection string
	 * @throws SQLException if the database cannot be reached or rejects them
	 */
	void validate(DatabaseUrl url) throws SQLException;

}
