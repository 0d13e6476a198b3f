package io.github.herokupg.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ClientCertificateException}: an expired client certificate, or a
 * private key that does not belong to it.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class ClientCertificateFailureAnalyzer extends AbstractFailureAnalyzer<ClientCertificateException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ClientCertificateException cause) {
		return new FailureAnalysis("The database connections cannot use " + cause.getMessage() + ".",
				"Renew the certificate (heroku data:mtls:certificates:create) and point spring.ssl.bundle.pem."
						+ cause.getBundle() + ".keystore.certificate and .private-key at the files of the same "
						+ "certificate.",
				cause);
	}

}
