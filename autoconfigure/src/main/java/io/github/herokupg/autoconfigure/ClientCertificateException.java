package io.github.herokupg.autoconfigure;

/**
 * Thrown at startup when the client certificate of the SSL bundle named by
 * {@code heroku.postgres.ssl.bundle} cannot be used. The message holds facts only (the
 * bundle, the certificate's subject, what is wrong), never key material or passwords.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class ClientCertificateException extends RuntimeException {

	private final String bundle;

	ClientCertificateException(String bundle, String reason) {
		super("the client certificate of SSL bundle '" + bundle + "' " + reason);
		this.bundle = bundle;
	}

	String getBundle() {
		return this.bundle;
	}

}
