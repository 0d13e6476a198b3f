package io.github.herokupg.autoconfigure;

import io.github.herokupg.credentials.ConnectionStringNotSetException;
import io.github.herokupg.credentials.CredentialSourceException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CredentialSourceFailureAnalyzer} and
 * {@link ConnectionStringNotSetFailureAnalyzer}.
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
