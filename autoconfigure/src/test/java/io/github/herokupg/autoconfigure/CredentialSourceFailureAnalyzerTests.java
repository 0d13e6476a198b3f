package io.github.herokupg.autoconfigure;

import io.github.herokupg.credentials.source.ConnectionStringNotSetException;
import io.github.herokupg.credentials.source.CredentialSourceException;
import io.github.herokupg.url.InvalidDatabaseUrlException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CredentialSourceFailureAnalyzer},
 * {@link ConnectionStringNotSetFailureAnalyzer} and the pooler's case of
 * {@link InvalidDatabaseUrlFailureAnalyzer}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class CredentialSourceFailureAnalyzerTests {

	@Test
	void describesTheFailedFetchAndPointsAtTheSourceProperties() {
		CredentialSourceException cause = new CredentialSourceException("file /run/secrets/db does not exist");
		FailureAnalysis analysis = new CredentialSourceFailureAnalyzer()
			.analyze(new BeanCreationException("databaseCredentials", "failed", cause));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription())
			.isEqualTo("The PostgreSQL connection string could not be fetched: file /run/secrets/db does not exist.");
		assertThat(analysis.getAction()).isEqualTo(
				"Check the heroku.postgres.source.* properties, or set DATABASE_URL and use the default env source.");
		assertThat(analysis.getCause()).isSameAs(cause);
	}

	@Test
	void tellsHowToAttachThePoolerToTheSameDatabase() {
		FailureAnalysis analysis = new InvalidDatabaseUrlFailureAnalyzer().analyze(new InvalidDatabaseUrlException(
				"DATABASE_CONNECTION_POOL_URL", InvalidDatabaseUrlException.Kind.INCONSISTENT,
				"it names another user than DATABASE_URL"));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).isEqualTo("The PostgreSQL connection string in "
				+ "DATABASE_CONNECTION_POOL_URL cannot be used: it names another user than DATABASE_URL.");
		assertThat(analysis.getAction()).contains("heroku pg:connection-pooling:attach DATABASE_URL")
			.contains("heroku.postgres.pooler.enabled=false");
	}

	@Test
	void leavesOtherFailuresAlone() {
		assertThat(new CredentialSourceFailureAnalyzer().analyze(new IllegalStateException("other"))).isNull();
	}

	@Test
	void namesTheVariableThatIsNotSet() {
		FailureAnalysis analysis = new ConnectionStringNotSetFailureAnalyzer()
			.analyze(new BeanCreationException("databaseCredentials", "failed",
					new ConnectionStringNotSetException("HEROKU_POSTGRESQL_RED_URL")));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).isEqualTo(
				"HEROKU_POSTGRESQL_RED_URL is not set, so the Heroku Postgres starter has no connection string.");
		assertThat(analysis.getAction()).startsWith("Set HEROKU_POSTGRESQL_RED_URL to your Heroku Postgres "
				+ "connection string (heroku config:get HEROKU_POSTGRESQL_RED_URL -a <app>)");
	}

}
