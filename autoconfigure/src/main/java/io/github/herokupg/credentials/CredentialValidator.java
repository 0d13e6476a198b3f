package io.github.herokupg.credentials;

import java.sql.Connection;
import java.sql.SQLException;

import io.github.herokupg.url.DatabaseUrl;
import org.jspecify.annotations.Nullable;

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

	/**
	 * Check that the database accepts the credentials and keep the connection that showed
	 * it, for a pool to take as its first with them.
	 * @param url the new connection string
	 * @return the open connection, or {@code null} if this validator keeps none
	 * @throws SQLException if the database cannot be reached or rejects them
	 */
	default @Nullable Connection validateAndKeep(DatabaseUrl url) throws SQLException {
		validate(url);
		return null;
	}

}
