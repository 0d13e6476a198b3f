package io.github.herokupg.url;

/**
 * Raised by the first parsing stage when a connection string breaks libpq's grammar.
 * Its message is a reason free of secrets; {@link DatabaseUrl#parse} turns it into an
 * {@link InvalidDatabaseUrlException} naming the variable.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class ConnectionStringSyntaxException extends RuntimeException {

	ConnectionStringSyntaxException(String reason) {
		super(reason, null, false, false);
	}

}
