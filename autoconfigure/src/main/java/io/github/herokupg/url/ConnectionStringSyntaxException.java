package io.github.herokupg.url;

import java.util.regex.Pattern;

/**
 * Raised by the first parsing stage when a connection string breaks libpq's grammar.
 * Its message is a reason free of secrets; {@link DatabaseUrl#parse} turns it into an
 * {@link InvalidDatabaseUrlException} naming the variable.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class ConnectionStringSyntaxException extends RuntimeException {

	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,39}");

	private final String reason;

	ConnectionStringSyntaxException(String reason) {
		super(reason, null, false, false);
		this.reason = reason;
	}

	/**
	 * Return what is wrong, free of secrets.
	 * @return the reason
	 */
	String reason() {
		return this.reason;
	}

	/**
	 * Quote a parameter name for a message, unless it does not look like one: a
	 * malformed string can make any text, the password included, land where a name was
	 * expected.
	 * @param name the name
	 * @return the quoted name, or a description of it
	 */
	static String quote(String name) {
		return NAME.matcher(name).matches() ? "\"" + name + "\"" : "(not a parameter name)";
	}

}
