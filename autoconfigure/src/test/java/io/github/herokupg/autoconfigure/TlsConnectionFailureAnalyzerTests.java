package io.github.herokupg.autoconfigure;

import java.sql.SQLException;
import java.util.Map;

import io.github.herokupg.jdbc.PostgresConnector;
import io.github.herokupg.test.server.HerokuLikePostgres;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.url.DatabaseUrl;
import io.github.herokupg.url.SslMode;
import io.github.herokupg.url.SslSettings;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link TlsConnectionFailureAnalyzer}, with the exceptions real connections
 * raise.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class TlsConnectionFailureAnalyzerTests {

	private final TlsConnectionFailureAnalyzer analyzer = new TlsConnectionFailureAnalyzer();

	@Test
	void explainsAMissingClientCertificate() {
		try (HerokuLikePostgres server = HerokuLikePostgres.startRequiringClientCertificates()) {
			TestRole role = server.newRole("no_client_cert", TestRole.randomPassword());
			SQLException refused = connectionFailure(DatabaseUrl.parse("DATABASE_URL", role.databaseUrl()));
			FailureAnalysis analysis = this.analyzer.analyze(startupFailure(refused));
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("demands a client certificate");
			assertThat(analysis.getAction()).contains("heroku.postgres.ssl.bundle");
			assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(role.password());
		}
	}

	@Test
	void explainsAServerCertificateThatIsNotTrusted() {
		TestRole role = SharedHerokuPostgres.newRole("untrusted_server");
		SQLException refused = connectionFailure(DatabaseUrl.parse("DATABASE_URL", role.databaseUrl(),
				new SslSettings(SslMode.VERIFY_FULL, null, false)));
		FailureAnalysis analysis = this.analyzer.analyze(startupFailure(refused));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith("The database server's certificate is not trusted");
		assertThat(analysis.getAction()).contains("heroku.postgres.ssl.root-cert");
	}

	@Test
	void leavesOtherFailuresAlone() {
		assertThat(this.analyzer.analyze(startupFailure(new SQLException("gone", "08006")))).isNull();
	}

	private static SQLException connectionFailure(DatabaseUrl url) {
		SQLException failure = catchThrowableOfType(SQLException.class,
				() -> new PostgresConnector(Map.of()).connect(url).close());
		assertThat((Throwable) failure).isNotNull();
		return failure;
	}

	private static Throwable startupFailure(SQLException cause) {
		return new BeanCreationException("entityManagerFactory", "Failed to initialize", cause);
	}

}
