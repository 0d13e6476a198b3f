package io.github.herokupg.pooler;

import javax.sql.DataSource;

import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.Jdbc;
import liquibase.integration.spring.SpringLiquibase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flyway and Liquibase migrate over the direct URL with an unpooled {@code DataSource} of
 * their own, while the application's pool uses the pooler; nothing else sees that
 * {@code DataSource}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class MigrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HerokuPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class,
				DataSourceHealthContributorAutoConfiguration.class));

	@Test
	void flywayMigratesDirectly() {
		TestRole role = roleWithSchema("migrate_flyway");
		this.runner.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
			.withPropertyValues(urls(role))
			.withPropertyValues("spring.flyway.locations=classpath:db/pooler")
			.run((context) -> {
				DataSource migrations = context.getBean(Flyway.class).getConfiguration().getDataSource();
				assertThat(migrations).isNotSameAs(context.getBean(DataSource.class));
				assertThat(Jdbc.queryForString(migrations, "SHOW application_name")).isEqualTo("direct");
				assertThat(Jdbc.queryForString(migrations, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
					.isEqualTo("true");
				assertThat(Jdbc.queryForString(context.getBean(DataSource.class), "SHOW application_name"))
					.isEqualTo("pooler");
				assertThat(context.getBean(Flyway.class).info().applied()).hasSize(1);
				assertThat(migrations).isNotInstanceOf(AutoCloseable.class);
				assertThat(context.getBean(Flyway.class).getConfiguration().getDataSource())
					.as("a direct DataSource only while the pool uses the pooler")
					.isSameAs(migrations);
			});
	}

	@Test
	void liquibaseMigratesDirectly() {
		TestRole role = roleWithSchema("migrate_liquibase");
		this.runner.withConfiguration(AutoConfigurations.of(LiquibaseAutoConfiguration.class))
			.withPropertyValues(urls(role))
			.withPropertyValues("spring.liquibase.change-log=classpath:db/liquibase/changelog.yaml")
			.run((context) -> {
				DataSource migrations = context.getBean(SpringLiquibase.class).getDataSource();
				assertThat(migrations).isNotSameAs(context.getBean(DataSource.class));
				assertThat(Jdbc.queryForString(migrations, "SHOW application_name")).isEqualTo("direct");
				assertThat(Jdbc.queryForString(context.getBean(DataSource.class),
						"SELECT count(*)::text FROM databasechangelog"))
					.isEqualTo("1");
			});
	}

	@Test
	void flywayUsesThePoolWithoutAPooler() {
		TestRole role = roleWithSchema("migrate_no_pooler");
		this.runner.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
			.withPropertyValues("DATABASE_URL=" + role.databaseUrl(), "spring.flyway.locations=classpath:db/pooler")
			.run((context) -> assertThat(context.getBean(Flyway.class).getConfiguration().getDataSource())
				.isSameAs(context.getBean(DataSource.class)));
	}

	@Test
	void dbHealthAndSingleCandidatesIgnoreTheMigrationDataSource() {
		TestRole role = roleWithSchema("migrate_health");
		this.runner.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
			.withPropertyValues(urls(role))
			.withPropertyValues("spring.flyway.locations=classpath:db/pooler")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeanNamesForType(DataSource.class)).containsExactly("dataSource");
				assertThat(context.getBean("dbHealthContributor", HealthContributor.class).getClass().getSimpleName())
					.isEqualTo("DataSourceHealthIndicator");
			});
	}

	private static TestRole roleWithSchema(String name) {
		TestRole role = SharedHerokuPostgres.newRole(name, TestRole.randomPassword());
		role.server().execute("CREATE SCHEMA " + name + " AUTHORIZATION " + name);
		return role;
	}

	private static String[] urls(TestRole role) {
		return new String[] { "DATABASE_URL=" + role.databaseUrl() + "?application_name=direct",
				"DATABASE_CONNECTION_POOL_URL=" + role.databaseUrl() + "?application_name=pooler" };
	}

}
