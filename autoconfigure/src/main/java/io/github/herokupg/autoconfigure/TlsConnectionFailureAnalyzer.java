package io.github.herokupg.autoconfigure;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.sql.SQLException;

import javax.net.ssl.SSLHandshakeException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Explains a startup that failed on the first database connection (JPA, Flyway or an
 * application runner connect while starting) for a TLS reason: the server demands a
 * client certificate that the connection did not present ({@code pg_hba.conf}
 * {@code clientcert}, SQL state {@code 28000}), or the server's certificate is not trusted.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class TlsConnectionFailureAnalyzer implements FailureAnalyzer, Ordered {

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && "28000".equals(sql.getSQLState())
					&& String.valueOf(sql.getMessage()).contains("certificate")) {
				return new FailureAnalysis("The database demands a client certificate (pg_hba.conf clientcert), and "
						+ "the connection presented none it accepts.",
						"Set heroku.postgres.ssl.bundle to an SSL bundle whose key store holds the client certificate "
								+ "and key that heroku data:mtls gave (spring.ssl.bundle.pem.<name>.keystore.*).",
						sql);
			}
			if (cause instanceof SSLHandshakeException && (hasCause(cause, CertificateException.class)
					|| hasCause(cause, CertPathBuilderException.class) || hasCause(cause, CertPathValidatorException.class))) {
				return new FailureAnalysis("The database server's certificate is not trusted: " + cause.getMessage(),
						"Give the server's CA as heroku.postgres.ssl.root-cert or in the trust store of the SSL bundle "
								+ "(heroku.postgres.ssl.bundle); without either, verify-ca and verify-full use the "
								+ "JVM's trust store.",
						cause);
			}
		}
		return null;
	}

	private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
