package io.github.herokupg.autoconfigure;

import io.github.herokupg.testsupport.SharedHerokuPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests the startup failure reports of {@link InvalidDatabaseUrlFailureAnalyzer} and
 * {@link MissingDatabaseUrlFailureAnalyzer}: the report is what users see, so the
 * printed output is the behaviour under test.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureAnalyzersTests {

	private static final String SECRET = "s3cr3t-that-must-not-leak";

	@Test
	void reportsInvalidDatabaseUrlWithoutThePassword(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("DATABASE_URL=postgres://user:" + SECRET + "@host:5432a/db"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The PostgreSQL connection string in DATABASE_URL cannot be used: the port of the host is not a number from 1 to 65535.")
			.contains("Set DATABASE_URL to a URL of the form postgres://user:password@host:5432/database")
			.doesNotContain(SECRET);
	}

	@Test
	void reportsInsecureSslModeWithAction(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> start("DATABASE_URL=postgres://user:" + SECRET + "@host/db?sslmode=prefer"));
		assertThat(output).contains("sslmode \"prefer\" (from DATABASE_URL) may connect without TLS")
			.contains("set heroku.postgres.ssl.allow-insecure=true")
			.doesNotContain(SECRET);
	}

	@Test
	void namesDatabaseUrlWhenNoDatabaseIsConfigured(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("heroku.postgres.url-variable=MY_DB_URL"));
		assertThat(output).contains("No database is configured: MY_DB_URL is not set, and neither is spring.datasource.url.")
			.contains("Set MY_DB_URL to your Heroku Postgres connection string");
	}

	@Test
	void startsWithAValidUrl() {
		String url = SharedHerokuPostgres.newRole("analyzer").databaseUrl();
		start("DATABASE_URL=" + url).close();
	}

	private static org.springframework.context.ConfigurableApplicationContext start(String property) {
		return new SpringApplicationBuilder(EmptyApplication.class).web(WebApplicationType.NONE)
			.properties(property, "spring.main.banner-mode=off")
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class EmptyApplication {

	}

}
