package io.github.herokupg.autoconfigure;

import io.github.herokupg.url.InvalidDatabaseUrlException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidDatabaseUrlException}: what is wrong with the connection
 * string (the exception's facts), and what to change (this analyzer's advice).
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class InvalidDatabaseUrlFailureAnalyzer extends AbstractFailureAnalyzer<InvalidDatabaseUrlException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidDatabaseUrlException cause) {
		return new FailureAnalysis("The PostgreSQL connection string in " + cause.getVariable()
				+ " cannot be used: " + cause.getReason() + ".", action(cause), cause);
	}

	private static String action(InvalidDatabaseUrlException cause) {
		return switch (cause.getKind()) {
			case SYNTAX -> "Set " + cause.getVariable() + " to a URL of the form "
					+ "postgres://user:password@host:5432/database (percent-encode special characters in the user "
					+ "name and password, e.g. '@' as %40), or to keyword=value settings such as host=... port=5432 "
					+ "dbname=... user=... password=...";
			case INSECURE_SSL_MODE -> "Use sslmode=require, verify-ca or verify-full (in " + cause.getVariable()
					+ " or heroku.postgres.ssl.mode). For local development only, set "
					+ "heroku.postgres.ssl.allow-insecure=true.";
			case INCONSISTENT -> "Attach the connection pooler to the database of the direct URL "
					+ "(heroku pg:connection-pooling:attach DATABASE_URL --as DATABASE_CONNECTION_POOL), set "
					+ "heroku.postgres.pooler.url-variable to the pooler of this database, or set "
					+ "heroku.postgres.pooler.enabled=false to connect directly.";
			case REFUSED_PARAMETER -> "Remove the parameter from " + cause.getVariable() + ". "
					+ RefusedDriverPropertyException.INSTEAD;
		};
	}

}
