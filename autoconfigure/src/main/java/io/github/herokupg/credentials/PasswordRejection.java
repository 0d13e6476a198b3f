package io.github.herokupg.credentials;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Tells a rejected password from other connection failures: PostgreSQL answers
 * {@code 28P01}; PgBouncer, which Heroku's connection pooler runs, answers {@code 08P01}
 * with "SASL authentication failed" or "password authentication failed", a code that
 * otherwise means a protocol violation and is no credential problem.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class PasswordRejection {

	/** PostgreSQL's SQL state of a rejected password. */
	public static final String INVALID_PASSWORD = "28P01";

	private static final String PROTOCOL_VIOLATION = "08P01";

	private static final Pattern PGBOUNCER_AUTHENTICATION = Pattern
		.compile("\\b(SASL|password) authentication failed\\b");

	private PasswordRejection() {
	}

	/**
	 * Whether a connection failure means that the password was rejected.
	 * @param ex the failure
	 * @return whether it is a rejected password
	 */
	public static boolean is(SQLException ex) {
		if (INVALID_PASSWORD.equals(ex.getSQLState())) {
			return true;
		}
		String message = ex.getMessage();
		return PROTOCOL_VIOLATION.equals(ex.getSQLState()) && message != null
				&& PGBOUNCER_AUTHENTICATION.matcher(message).find();
	}

}
