package io.github.herokupg.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link RefusedDriverPropertyException}: which property was refused, why,
 * and what to use instead.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class RefusedDriverPropertyFailureAnalyzer extends AbstractFailureAnalyzer<RefusedDriverPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RefusedDriverPropertyException cause) {
		return new FailureAnalysis("The driver property " + cause.getProperty() + " cannot be used: "
				+ cause.getReason() + ".", "Remove " + cause.getProperty() + ". " + RefusedDriverPropertyException.INSTEAD,
				cause);
	}

}
