package io.github.herokupg.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Explains Spring Boot's "Failed to determine a suitable driver class" (and, for R2DBC,
 * "a suitable R2DBC Connection URL") when no database is configured at all, naming the variable to set. Ordered before Spring Boot's own
 * analyzer of the same failure.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class MissingDatabaseUrlFailureAnalyzer implements FailureAnalyzer, Ordered {

	private static final String DATA_SOURCE_BEAN_CREATION_EXCEPTION = "org.springframework.boot.jdbc.autoconfigure."
			+ "DataSourceProperties$DataSourceBeanCreationException";

	private static final String CONNECTION_FACTORY_BEAN_CREATION_EXCEPTION = "org.springframework.boot.r2dbc."
			+ "autoconfigure.ConnectionFactoryOptionsInitializer$ConnectionFactoryBeanCreationException";

	private final Environment environment;

	MissingDatabaseUrlFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !isMissingUrl(cause.getClass().getName())) {
			cause = cause.getCause();
		}
		String variable = HerokuPostgresProperties.bind(this.environment).getUrlVariable();
		if (cause == null || this.environment.getProperty(variable) != null) {
			return null;
		}
		String own = cause.getClass().getName().equals(CONNECTION_FACTORY_BEAN_CREATION_EXCEPTION)
				? "spring.r2dbc.url" : "spring.datasource.url";
		return new FailureAnalysis("No database is configured: " + variable + " is not set, and neither is " + own
				+ ".", "Set " + variable + " to your Heroku Postgres connection string (heroku config:get " + variable
						+ " -a <app>), or configure heroku.postgres.source.* to fetch it.", cause);
	}

	private static boolean isMissingUrl(String exception) {
		return exception.equals(DATA_SOURCE_BEAN_CREATION_EXCEPTION)
				|| exception.equals(CONNECTION_FACTORY_BEAN_CREATION_EXCEPTION);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
