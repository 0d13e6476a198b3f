package io.github.herokupg.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests the startup failure reports of {@link InvalidDatabaseUrlFailureAnalyzer},
 * {@link MissingDatabaseUrlFailureAnalyzer} and {@link CredentialSourceFailureAnalyzer}:
 * the report is what users see, so the
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
	void startsWithAValidUrl(CapturedOutput output) {
		String url = SharedHerokuPostgres.newRole("analyzer").databaseUrl();
		try (ConfigurableApplicationContext context = start("DATABASE_URL=" + url)) {
			assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
			assertThat(context.getBeanNamesForType(DatabaseCredentials.class)).hasSize(1);
		}
		assertThat(output).doesNotContain("APPLICATION FAILED TO START");
	}

	@Test
	void reportsAnIncompleteSourceConfiguration(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("heroku.postgres.source.type=file"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The PostgreSQL connection string could not be fetched: heroku.postgres.source.file is not set, "
					+ "but heroku.postgres.source.type is file.")
			.contains("Check the heroku.postgres.source.* properties");
	}

	@Test
	void reportsAFailedFirstFetch(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("heroku.postgres.source.type=command",
				"heroku.postgres.source.command=echo " + SECRET + " >&2; exit 3"));
		assertThat(output).contains("The PostgreSQL connection string could not be fetched: ")
			.contains("exit")
			.contains("Check the heroku.postgres.source.* properties");
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(EmptyApplication.class).web(WebApplicationType.NONE)
			.properties(properties)
			.properties("spring.main.banner-mode=off")
			.run();
	}

	/**
	 * A JDBC application with every auto-configuration but the migrations and JPA, which
	 * the pooler tests run with a schema of their own, and R2DBC, whose driver is on this
	 * module's class path as an optional dependency.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(exclude = { FlywayAutoConfiguration.class, LiquibaseAutoConfiguration.class,
			HibernateJpaAutoConfiguration.class, DataJpaRepositoriesAutoConfiguration.class,
			R2dbcAutoConfiguration.class })
	static class EmptyApplication {

	}

}
