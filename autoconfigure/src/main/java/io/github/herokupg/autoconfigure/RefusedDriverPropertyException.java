package io.github.herokupg.autoconfigure;

/**
 * Thrown at startup when a pool's extra driver properties set a pgjdbc property that
 * could weaken TLS, change who logs in or supply credentials (see
 * {@link io.github.herokupg.url.DriverPropertyPolicy}). Names the property, never its
 * value.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class RefusedDriverPropertyException extends RuntimeException {

	/** What to use instead, for every refused property. */
	static final String INSTEAD = "To trust a CA, set heroku.postgres.ssl.root-cert (a PEM file) and "
			+ "heroku.postgres.ssl.mode=verify-full; for a client certificate, set heroku.postgres.ssl.bundle to a "
			+ "Spring Boot SSL bundle. The user, the password, the hosts and the database come from the connection "
			+ "string, the SSL mode from it and heroku.postgres.ssl.mode.";

	private final String property;

	private final String reason;

	RefusedDriverPropertyException(String property, String reason) {
		super(property + " is refused: " + reason);
		this.property = property;
		this.reason = reason;
	}

	/**
	 * Return the full name of the refused property.
	 * @return the property, such as
	 * {@code spring.datasource.hikari.data-source-properties.sslfactory}
	 */
	String getProperty() {
		return this.property;
	}

	/**
	 * Return why it is refused.
	 * @return the reason
	 */
	String getReason() {
		return this.reason;
	}

}
