package io.github.herokupg.ssl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.autoconfigure.HerokuPostgresActuatorAutoConfiguration;
import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;
import io.github.herokupg.test.server.HerokuLikePostgres;
import io.github.herokupg.test.server.TestCertificates;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.Jdbc;
import io.github.herokupg.testsupport.QueryLoad;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Mutual TLS as Private and Shield databases demand it from outside Heroku: a server
 * with {@code clientcert=verify-ca}, and the client certificate and CA from a Spring Boot
 * SSL bundle made of PEM files, as {@code heroku data:mtls} hands them out.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class MutualTlsTests {

	private static final String CLIENT_DN = "SELECT client_dn || ' ' || client_serial::text FROM pg_stat_ssl "
			+ "WHERE pid = pg_backend_pid()";

	private static HerokuLikePostgres server;

	private static TestRole role;

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, HerokuPostgresAutoConfiguration.class,
				HerokuPostgresActuatorAutoConfiguration.class, DataSourceAutoConfiguration.class));

	@BeforeAll
	static void startServer() {
		server = HerokuLikePostgres.startRequiringClientCertificates();
		role = server.newRole("shield_app", TestRole.randomPassword());
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void connectsWithTheBundlesClientCertificate() {
		Path certificate = this.directory.resolve("client.crt");
		Path key = this.directory.resolve("client.key");
		server.certificates().issueClient("shield_app", 0x51, Instant.now().plus(30, ChronoUnit.DAYS), certificate, key);
		this.runner.withPropertyValues(bundle(certificate, key)).run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(Jdbc.queryForString(dataSource, CLIENT_DN)).isEqualTo("/CN=shield_app 81");
			Health health = context.getBean("databasecredentialsHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getDetails().get("ssl").toString()).contains("bundle=db")
				.contains("clientCertificate=CN=shield_app")
				.contains("expiresSoon=false");
		});
	}

	@Test
	void withoutAClientCertificateTheServerRefuses() {
		this.runner.withPropertyValues("DATABASE_URL=" + role.databaseUrl()).run((context) -> {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> Jdbc.queryForString(context.getBean(DataSource.class), "SELECT 1"))
				.satisfies((ex) -> assertThat(ex.getMessage()).contains("certificate")
					.doesNotContain(role.password()));
		});
	}

	@Test
	void aRenewedCertificateReachesNewConnectionsUnderLoad() throws Exception {
		Path certificate = this.directory.resolve("client.crt");
		Path key = this.directory.resolve("client.key");
		server.certificates().issueClient("shield_app", 0x61, Instant.now().plus(30, ChronoUnit.DAYS), certificate, key);
		this.runner
			.withPropertyValues(bundle(certificate, key))
			.withPropertyValues("spring.ssl.bundle.pem.db.reload-on-update=true",
					"spring.ssl.bundle.watch.file.quiet-period=100ms", "spring.datasource.hikari.maximum-pool-size=8")
			.run((context) -> {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				assertThat(Jdbc.queryForString(dataSource, CLIENT_DN)).endsWith(" 97");
				try (QueryLoad load = QueryLoad.start(dataSource, 8)) {
					await().atMost(Duration.ofSeconds(20)).until(() -> load.successesAfter(0) > 200);
					long renewed = System.nanoTime();
					server.certificates()
						.issueClient("shield_app", 0x62, Instant.now().plus(60, ChronoUnit.DAYS), certificate, key);
					await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
						dataSource.getHikariPoolMXBean().softEvictConnections();
						assertThat(Jdbc.queryForString(dataSource, CLIENT_DN)).endsWith(" 98");
					});
					await().atMost(Duration.ofSeconds(20)).until(() -> load.successesAfter(renewed) > 500);
					System.out.printf("MTLS renewal: queries=%d, failed=%d%n", load.queries().size(),
							load.failuresAfter(0).size());
					assertThat(load.failuresAfter(0)).isEmpty();
				}
			});
	}

	@Test
	void anExpiredClientCertificateFailsStartup() {
		Path certificate = this.directory.resolve("client.crt");
		Path key = this.directory.resolve("client.key");
		server.certificates().issueClient("shield_app", 0x71, Instant.now().minus(1, ChronoUnit.DAYS), certificate, key);
		this.runner.withPropertyValues(bundle(certificate, key))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("the client certificate of SSL bundle 'db'")
				.hasMessageContaining("expired"));
	}

	@Test
	void aKeyOfAnotherCertificateFailsStartup() throws Exception {
		Path certificate = this.directory.resolve("client.crt");
		Path key = this.directory.resolve("client.key");
		Path other = this.directory.resolve("other.crt");
		Path otherKey = this.directory.resolve("other.key");
		server.certificates().issueClient("shield_app", 0x81, Instant.now().plus(30, ChronoUnit.DAYS), certificate, key);
		server.certificates().issueClient("shield_app", 0x82, Instant.now().plus(30, ChronoUnit.DAYS), other, otherKey);
		this.runner.withPropertyValues(bundle(certificate, otherKey))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("does not match the private key")
				.hasMessageNotContaining(Files.readString(otherKey).substring(40, 80)));
	}

	@Test
	void aBundleWithoutAClientCertificateIsRefusedByThePgHbaRule() {
		this.runner
			.withPropertyValues("DATABASE_URL=" + role.databaseUrl(), "heroku.postgres.ssl.bundle=db",
					"spring.ssl.bundle.pem.db.truststore.certificate=" + server.caCertificate())
			.run((context) -> assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> Jdbc.queryForString(context.getBean(DataSource.class), "SELECT 1"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28000"))
				.withMessageContaining("certificate"));
	}

	@Test
	void aServerCertificateTheBundleDoesNotTrustIsRefused() throws Exception {
		Path certificate = this.directory.resolve("client.crt");
		Path key = this.directory.resolve("client.key");
		server.certificates().issueClient("shield_app", 0x91, Instant.now().plus(30, ChronoUnit.DAYS), certificate, key);
		Path otherCa = TestCertificates.generate(Files.createDirectories(this.directory.resolve("other")))
			.caCertificate();
		this.runner.withPropertyValues(bundle(certificate, key))
			.withPropertyValues("spring.ssl.bundle.pem.db.truststore.certificate=" + otherCa)
			.run((context) -> assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> Jdbc.queryForString(context.getBean(DataSource.class), "SELECT 1"))
				.withStackTraceContaining("PKIX"));
	}

	@Test
	void anUnknownBundleFailsStartup() {
		this.runner.withPropertyValues("DATABASE_URL=" + role.databaseUrl(), "heroku.postgres.ssl.bundle=nosuch")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("nosuch"));
	}

	private static String[] bundle(Path certificate, Path key) {
		return new String[] { "DATABASE_URL=" + role.databaseUrl(), "heroku.postgres.ssl.bundle=db",
				"spring.ssl.bundle.pem.db.keystore.certificate=" + certificate,
				"spring.ssl.bundle.pem.db.keystore.private-key=" + key,
				"spring.ssl.bundle.pem.db.truststore.certificate=" + server.caCertificate() };
	}

}
