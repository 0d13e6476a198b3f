package io.github.herokupg.autoconfigure;

import io.github.herokupg.credentials.source.ConnectionStringNotSetException;

import org.springframework.aot.AotDetector;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains a {@link ConnectionStringNotSetException}: the starter was to build the
 * {@code DataSource} but its variable is empty at startup. That happens to an application
 * built with Spring AOT, whose build decided that the starter supplies the
 * {@code DataSource}; the analysis says so, since the fix then differs. Ordered before
 * {@link CredentialSourceFailureAnalyzer}, which would otherwise describe the same
 * failure in general terms.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class ConnectionStringNotSetFailureAnalyzer extends AbstractFailureAnalyzer<ConnectionStringNotSetException>
		implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ConnectionStringNotSetException cause) {
		String variable = cause.getVariable();
		String set = "Set " + variable + " to your Heroku Postgres connection string (heroku config:get " + variable
				+ " -a <app>)";
		if (AotDetector.useGeneratedArtifacts()) {
			return new FailureAnalysis(variable + " is not set. This application was built with Spring AOT, and "
					+ "the build fixed the choice of DataSource: the Heroku Postgres starter's, which reads " + variable
					+ " at startup.", set + ". To use another DataSource, rebuild the application with "
							+ "heroku.postgres.enabled=false or spring.datasource.url set.",
					cause);
		}
		return new FailureAnalysis(variable + " is not set, so the Heroku Postgres starter has no connection string.",
				set + ", or configure heroku.postgres.source.* to fetch it.", cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
