package io.github.herokupg.autoconfigure;

import io.github.herokupg.credentials.source.CredentialSourceException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link CredentialSourceException} raised while fetching the first
 * connection string at startup.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class CredentialSourceFailureAnalyzer extends AbstractFailureAnalyzer<CredentialSourceException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CredentialSourceException cause) {
		return new FailureAnalysis("The PostgreSQL connection string could not be fetched: " + cause.getMessage() + ".",
				"Check the heroku.postgres.source.* properties, or set DATABASE_URL and use the default env source.",
				cause);
	}

}
