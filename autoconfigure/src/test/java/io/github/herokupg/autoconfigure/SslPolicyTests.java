package io.github.herokupg.autoconfigure;

import java.sql.SQLException;

import javax.sql.DataSource;

import io.github.herokupg.test.server.HerokuLikePostgres;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.github.herokupg.testsupport.Jdbc.queryForString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of the SSL policy against real servers: one configured like Heroku (TLS only,
 * self-signed CA) and one that offers no TLS at all.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class SslPolicyTests {

	private static HerokuLikePostgres plainServer;

	private static TestRole plainRole;

	private static TestRole tlsRole;

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(HerokuPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class));

	@BeforeAll
	static void startServers() {
		plainServer = HerokuLikePostgres.startWithoutTls();
		plainRole = plainServer.newRole("plain", "plain-secret-password");
		tlsRole = SharedHerokuPostgres.newRole("ssl");
	}

	@AfterAll
	static void stopServer() {
		plainServer.close();
	}

	@Test
	void refusesServerWithoutTls() {
		this.runner.withPropertyValues("DATABASE_URL=" + plainRole.databaseUrl())
			.run((context) -> assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> context.getBean(DataSource.class).getConnection().close())
				.withMessageContaining("does not support SSL"));
	}

	@Test
	void usesPlainTcpOnlyWhenInsecureModesAreAllowed() {
		this.runner
			.withPropertyValues("DATABASE_URL=" + plainRole.databaseUrl() + "?sslmode=disable",
					"heroku.postgres.ssl.allow-insecure=true")
			.run((context) -> assertThat(queryForString(context.getBean(DataSource.class),
					"SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
				.isEqualTo("false"));
	}

	@Test
	void refusesInsecureModeFromProperty() {
		this.runner
			.withPropertyValues("DATABASE_URL=" + tlsRole.databaseUrl(), "heroku.postgres.ssl.mode=prefer")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("(from the configured minimum SSL mode)"));
	}

	@Test
	void verifyFullWithoutACaFileVerifiesAgainstTheJvmTrustStore() {
		this.runner
			.withPropertyValues("DATABASE_URL=" + tlsRole.databaseUrl(), "heroku.postgres.ssl.mode=verify-full")
			.run((context) -> assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> context.getBean(DataSource.class).getConnection().close())
				.withStackTraceContaining("PKIX"));
	}

	@Test
	void verifyFullWorksWithRootCert() {
		this.runner
			.withPropertyValues("DATABASE_URL=" + tlsRole.databaseUrl(), "heroku.postgres.ssl.mode=verify-full",
					"heroku.postgres.ssl.root-cert=" + SharedHerokuPostgres.get().caCertificate())
			.run((context) -> assertThat(queryForString(context.getBean(DataSource.class),
					"SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
				.isEqualTo("true"));
	}

	@Test
	void verifyFullFromUrlWorksWithRootCertInUrl() {
		this.runner
			.withPropertyValues("DATABASE_URL=" + tlsRole.databaseUrl() + "?sslmode=verify-full&sslrootcert="
					+ SharedHerokuPostgres.get().caCertificate())
			.run((context) -> assertThat(queryForString(context.getBean(DataSource.class), "SELECT 1"))
				.isEqualTo("1"));
	}

}
