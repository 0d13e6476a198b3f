package io.github.herokupg.autoconfigure;

import java.time.Duration;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.url.InvalidDatabaseUrlException;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static io.github.herokupg.testsupport.Jdbc.queryForString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link HerokuPostgresAutoConfiguration}, together with Spring Boot's
 * {@link DataSourceAutoConfiguration}, against a real PostgreSQL configured like Heroku.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class HerokuPostgresAutoConfigurationTests {

	private static TestRole role;

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(HerokuPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class));

	private final ApplicationContextRunner starterOnly = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HerokuPostgresAutoConfiguration.class));

	@BeforeAll
	static void createRole() {
		role = SharedHerokuPostgres.newRole("autoconfig");
	}

	@Test
	void connectsOverTlsWithOnlyDatabaseUrl() {
		this.runner.withPropertyValues("DATABASE_URL=" + role.databaseUrl()).run((context) -> {
			assertThat(context).hasSingleBean(HikariDataSource.class).hasSingleBean(DatabaseCredentials.class);
			assertThat(queryForString(context.getBean(DataSource.class),
					"SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
				.isEqualTo("true");
			assertThat(queryForString(context.getBean(DataSource.class), "SELECT current_user")).isEqualTo(role.name());
		});
	}

	@Test
	void givesAnApplicationWithBothSidesBothFromOneSnapshot() {
		// R2DBC for requests, JDBC for Flyway or Liquibase, as Spring Boot's docs recommend
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(HerokuPostgresAutoConfiguration.class,
					HerokuPostgresR2dbcAutoConfiguration.class, DataSourceAutoConfiguration.class,
					R2dbcAutoConfiguration.class))
			.withPropertyValues("DATABASE_URL=" + role.databaseUrl())
			.run((context) -> {
				assertThat(context).hasSingleBean(HikariDataSource.class)
					.hasSingleBean(ConnectionFactory.class)
					.hasSingleBean(DatabaseCredentials.class);
				ConnectionFactory connections = context.getBean(ConnectionFactory.class);
				String user = Mono.usingWhen(connections.create(),
						(connection) -> Mono.from(connection.createStatement("SELECT current_user").execute())
							.flatMap((result) -> Mono.from(result.map((row, metadata) -> row.get(0, String.class)))),
						Connection::close)
					.block(Duration.ofSeconds(10));
				assertThat(user).isEqualTo(role.name())
					.isEqualTo(queryForString(context.getBean(DataSource.class), "SELECT current_user"));
			});
	}

	@Test
	void connectsWithCredentialsThatNeedPercentEncoding() {
		TestRole special = SharedHerokuPostgres.newRole("us@r:/#?% +ü_1", "p@ss:w/rd#?%+ ü€ word");
		this.runner.withPropertyValues("DATABASE_URL=" + special.databaseUrl()).run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(queryForString(dataSource, "SELECT current_user")).isEqualTo(special.name());
			assertThat(queryForString(dataSource, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
				.isEqualTo("true");
		});
	}

	@Test
	void connectsWithKeywordValueForm() {
		String url = "dbname=postgres host=localhost port=" + SharedHerokuPostgres.get().port() + " user="
				+ role.name() + " password='" + role.password() + "' sslmode=require";
		this.runner.withPropertyValues("DATABASE_URL=" + url)
			.run((context) -> assertThat(queryForString(context.getBean(DataSource.class),
					"SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
				.isEqualTo("true"));
	}

	@Test
	void readsAnotherVariableWhenConfigured() {
		this.runner
			.withPropertyValues("HEROKU_POSTGRESQL_RED_URL=" + role.databaseUrl(),
					"heroku.postgres.url-variable=HEROKU_POSTGRESQL_RED_URL")
			.run((context) -> assertThat(context).hasSingleBean(DatabaseCredentials.class));
	}

	@Test
	void appliesSpringDatasourceHikariProperties() {
		this.runner
			.withPropertyValues("DATABASE_URL=" + role.databaseUrl(), "spring.datasource.hikari.maximum-pool-size=3",
					"spring.datasource.hikari.pool-name=heroku",
					"spring.datasource.hikari.data-source-properties.ApplicationName=notes-app")
			.run((context) -> {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				assertThat(dataSource.getMaximumPoolSize()).isEqualTo(3);
				assertThat(dataSource.getPoolName()).isEqualTo("heroku");
				assertThat(queryForString(dataSource, "SHOW application_name")).isEqualTo("notes-app");
			});
	}

	@Test
	void warmsEveryNewConnectionBeforeLendingIt() {
		TestRole warmed = role.server().newRole("warmed", TestRole.randomPassword());
		this.runner
			.withPropertyValues("DATABASE_URL=" + warmed.databaseUrl(), "spring.datasource.hikari.maximum-pool-size=3",
					"spring.datasource.hikari.minimum-idle=3")
			.run((context) -> {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				assertThat(dataSource.getConnectionInitSql()).isEqualTo("SELECT 1");
				dataSource.getConnection().close();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> dataSource.getHikariPoolMXBean().getTotalConnections() == 3);
				// the two sessions opened after the one lent have run their first query before any request
				assertThat(role.server()
					.queryForInt("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + warmed.name()
							+ "' AND query = 'SELECT 1'")).isGreaterThanOrEqualTo(2);
			});
	}

	@Test
	void connectionInitSqlOfTheApplicationReplacesTheWarmUp() {
		this.runner
			.withPropertyValues("DATABASE_URL=" + role.databaseUrl(),
					"spring.datasource.hikari.connection-init-sql=SET statement_timeout = '5s'")
			.run((context) -> {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				assertThat(dataSource.getConnectionInitSql()).isEqualTo("SET statement_timeout = '5s'");
				assertThat(queryForString(dataSource, "SHOW statement_timeout")).isEqualTo("5s");
			});
	}

	@Test
	void dataSourcePropertiesCannotWeakenSsl() {
		this.runner
			.withPropertyValues("DATABASE_URL=" + role.databaseUrl(),
					"spring.datasource.hikari.data-source-properties.sslmode=disable")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(RefusedDriverPropertyException.class)
				.hasMessage("spring.datasource.hikari.data-source-properties.sslmode is refused: the SSL mode comes "
						+ "from the connection string and the configured minimum"));
	}

	@Test
	void refusesSslModeDisable() {
		this.runner.withPropertyValues("DATABASE_URL=" + role.databaseUrl() + "?sslmode=disable")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidDatabaseUrlException.class)
				.hasMessageContaining("sslmode \"disable\"")
				.hasMessageNotContaining(role.password()));
	}

	@Test
	void failsStartupOnInvalidUrl() {
		this.runner.withPropertyValues("DATABASE_URL=postgres://user:" + role.password() + "@host:99999/db")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidDatabaseUrlException.class)
				.hasMessageContaining("port")
				.hasMessageNotContaining(role.password()));
	}

	@Test
	void doesNothingWithoutDatabaseUrl() {
		this.starterOnly.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(DatabaseCredentials.class)
			.doesNotHaveBean(DataSource.class));
	}

	@Test
	void leavesTheDataSourceToSpringBootWithoutDatabaseUrl() {
		this.runner.run((context) -> assertThat(context).getFailure()
			.rootCause()
			.hasMessageContaining("Failed to determine a suitable driver class"));
	}

	@Test
	void backsOffWhenApplicationDefinesDataSource() {
		this.runner.withPropertyValues("DATABASE_URL=" + role.databaseUrl())
			.withBean("myDataSource", DataSource.class, SimpleDriverDataSource::new)
			.run((context) -> assertThat(context).doesNotHaveBean(DatabaseCredentials.class)
				.getBean(DataSource.class)
				.isInstanceOf(SimpleDriverDataSource.class));
	}

	@Test
	void backsOffWhenApplicationDefinesJdbcConnectionDetails() {
		JdbcConnectionDetails details = new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return role.name();
			}

			@Override
			public String getPassword() {
				return role.password();
			}

			@Override
			public String getJdbcUrl() {
				return "jdbc:postgresql://localhost:" + SharedHerokuPostgres.get().port() + "/postgres?sslmode=require";
			}

		};
		this.runner.withPropertyValues("DATABASE_URL=" + role.databaseUrl())
			.withBean(JdbcConnectionDetails.class, () -> details)
			.run((context) -> assertThat(context).doesNotHaveBean(DatabaseCredentials.class)
				.hasSingleBean(HikariDataSource.class));
	}

	@Test
	void backsOffWhenSpringDatasourceUrlIsSet() {
		this.runner
			.withPropertyValues("DATABASE_URL=" + role.databaseUrl(),
					"spring.datasource.url=jdbc:postgresql://localhost:" + SharedHerokuPostgres.get().port()
							+ "/postgres?sslmode=require",
					"spring.datasource.username=" + role.name(), "spring.datasource.password=" + role.password())
			.run((context) -> assertThat(context).doesNotHaveBean(DatabaseCredentials.class)
				.hasSingleBean(HikariDataSource.class));
	}

	@Test
	void ignoresSpringDatasourceUrlExportedByHerokuBuildpack() {
		String jdbcUrl = "jdbc:postgresql://localhost:" + SharedHerokuPostgres.get().port()
				+ "/postgres?password=x&sslmode=require&user=" + role.name();
		this.runner
			.withPropertyValues("DATABASE_URL=" + role.databaseUrl(), "JDBC_DATABASE_URL=" + jdbcUrl,
					"spring.datasource.url=" + jdbcUrl)
			.run((context) -> assertThat(context).hasSingleBean(DatabaseCredentials.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.starterOnly.withPropertyValues("DATABASE_URL=" + role.databaseUrl(), "heroku.postgres.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(DatabaseCredentials.class)
				.doesNotHaveBean(DataSource.class));
	}

	@Test
	void isOnWhenEnabledExplicitly() {
		this.starterOnly.withPropertyValues("DATABASE_URL=" + role.databaseUrl(), "heroku.postgres.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(DatabaseCredentials.class)
				.hasSingleBean(HikariDataSource.class));
	}

	@Test
	void wrapsThePoolWhenConnectionFetchIsLazy() {
		this.runner.withPropertyValues("DATABASE_URL=" + role.databaseUrl(), "spring.datasource.connection-fetch=lazy")
			.run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				assertThat(dataSource).isInstanceOf(LazyConnectionDataSourceProxy.class);
				assertThat(((LazyConnectionDataSourceProxy) dataSource).getTargetDataSource())
					.isInstanceOf(HikariDataSource.class);
				assertThat(queryForString(dataSource, "SELECT current_user")).isEqualTo(role.name());
			});
	}

	@Test
	void doesNotWrapThePoolWhenConnectionFetchIsEager() {
		this.runner.withPropertyValues("DATABASE_URL=" + role.databaseUrl(), "spring.datasource.connection-fetch=eager")
			.run((context) -> assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class));
	}

}
