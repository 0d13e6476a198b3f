package io.github.herokupg.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.credentials.source.ConnectionStringNotSetException;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.github.herokupg.testsupport.Jdbc.queryForString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Further attached databases as named, non-primary {@code DataSource} beans.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class AttachedDatabasesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HerokuPostgresAutoConfiguration.class,
				HerokuPostgresActuatorAutoConfiguration.class, DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class));

	@Test
	void eachPoolTakesItsOwnDriverProperties() {
		TestRole primary = SharedHerokuPostgres.newRole("attach_props_primary");
		TestRole analytics = SharedHerokuPostgres.newRole("attach_props_analytics");
		this.runner
			.withPropertyValues("DATABASE_URL=" + primary.databaseUrl(), "ANALYTICS_URL=" + analytics.databaseUrl(),
					"heroku.postgres.databases.analytics.url-variable=ANALYTICS_URL",
					"spring.datasource.hikari.data-source-properties.ApplicationName=primary-app",
					"heroku.postgres.databases.analytics.hikari.data-source-properties.ApplicationName=analytics-app")
			.run((context) -> {
				assertThat(queryForString(context.getBean("analyticsDataSource", DataSource.class),
						"SELECT current_setting('application_name')"))
					.isEqualTo("analytics-app");
				assertThat(queryForString(context.getBean(DataSource.class), "SELECT current_setting('application_name')"))
					.isEqualTo("primary-app");
			});
	}

	@Test
	void givesEachAttachmentItsOwnPoolBesideThePrimaryOne() {
		TestRole primary = SharedHerokuPostgres.newRole("attach_primary");
		TestRole analytics = SharedHerokuPostgres.newRole("attach_analytics");
		this.runner.withUserConfiguration(AnalyticsReader.class)
			.withPropertyValues("DATABASE_URL=" + primary.databaseUrl(), "ANALYTICS_URL=" + analytics.databaseUrl(),
					"heroku.postgres.databases.analytics.url-variable=ANALYTICS_URL",
					"heroku.postgres.databases.analytics.hikari.maximum-pool-size=2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HikariDataSource attached = context.getBean("analyticsDataSource", HikariDataSource.class);
				assertThat(attached.getMaximumPoolSize()).isEqualTo(2);
				assertThat(attached.getPoolName()).isEqualTo("heroku-analytics");
				assertThat(queryForString(attached, "SELECT current_user")).isEqualTo(analytics.name());
				assertThat(queryForString(attached, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
					.isEqualTo("true");
				assertThat(queryForString(context.getBean(DataSource.class), "SELECT current_user"))
					.isEqualTo(primary.name());
				assertThat(context.getBean(JdbcTemplate.class).getDataSource()).isSameAs(context.getBean("dataSource"));
				assertThat(context.getBean(AnalyticsReader.class).dataSource).isSameAs(attached);
				assertThat(context.getBean(DatabaseEndpoints.class).all()).containsOnlyKeys("direct", "analytics");
				assertThat(((CompositeHealthContributor) context.getBean("databasecredentialsHealthIndicator")).stream()
					.map((entry) -> entry.name())).containsExactly("direct", "analytics");
			});
	}

	@Test
	void takesTheVariableHerokuGivesTheAttachmentByDefault() {
		TestRole primary = SharedHerokuPostgres.newRole("attach_default");
		TestRole reporting = SharedHerokuPostgres.newRole("attach_reporting");
		this.runner
			.withPropertyValues("DATABASE_URL=" + primary.databaseUrl(), "REPORTING_DB_URL=" + reporting.databaseUrl(),
					"heroku.postgres.databases.reporting-db.url-variable=")
			.run((context) -> assertThat(queryForString(context.getBean("reportingDbDataSource", DataSource.class),
					"SELECT current_user"))
				.isEqualTo(reporting.name()));
	}

	@Test
	void failsStartupNamingTheVariableOfAMissingAttachment() {
		TestRole primary = SharedHerokuPostgres.newRole("attach_missing");
		this.runner
			.withPropertyValues("DATABASE_URL=" + primary.databaseUrl(),
					"heroku.postgres.databases.analytics.url-variable=ANALYTICS_URL")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(ConnectionStringNotSetException.class)
				.hasMessage("ANALYTICS_URL is not set"));
	}

	@Configuration(proxyBeanMethods = false)
	static class AnalyticsReader {

		DataSource dataSource;

		@Bean
		String analyticsReaderMarker(@Qualifier("analyticsDataSource") DataSource dataSource) {
			this.dataSource = dataSource;
			return "analytics";
		}

	}

}
