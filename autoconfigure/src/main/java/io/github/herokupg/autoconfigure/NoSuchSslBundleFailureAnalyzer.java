package io.github.herokupg.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.ssl.NoSuchSslBundleException;

/**
 * Explains an SSL bundle named by {@code heroku.postgres.ssl.bundle} that is not
 * configured.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class NoSuchSslBundleFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchSslBundleException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NoSuchSslBundleException cause) {
		return new FailureAnalysis("The SSL bundle '" + cause.getBundleName() + "' is not configured.",
				"Configure it with spring.ssl.bundle.pem." + cause.getBundleName() + ".* (for the files that heroku "
						+ "data:mtls gives: keystore.certificate, keystore.private-key and truststore.certificate), "
						+ "or correct heroku.postgres.ssl.bundle.",
				cause);
	}

}
