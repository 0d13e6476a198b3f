package io.github.herokupg.autoconfigure;

import io.github.herokupg.url.InvalidDatabaseUrlException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidDatabaseUrlException}: what is wrong with the connection
 * string, and what to change.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class InvalidDatabaseUrlFailureAnalyzer extends AbstractFailureAnalyzer<InvalidDatabaseUrlException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidDatabaseUrlException cause) {
		return new FailureAnalysis("The PostgreSQL connection string in " + cause.getVariable()
				+ " cannot be used: " + cause.getReason() + ".", cause.getAction(), cause);
	}

}
