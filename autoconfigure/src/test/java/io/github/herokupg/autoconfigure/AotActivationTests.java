package io.github.herokupg.autoconfigure;

import javax.sql.DataSource;

import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.source.ConnectionStringNotSetException;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the starter's conditions decide while Spring AOT processes an application: the
 * build has no connection string, so its presence must not decide, while configuration
 * and the application's own beans back the starter off as on the JVM. The processed
 * application itself is started in the {@code aot-tests} module.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class AotActivationTests {

	private final ApplicationContextRunner aotProcessing = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HerokuPostgresAutoConfiguration.class))
		.withSystemProperties(AbstractAotProcessor.AOT_PROCESSING + "=true");

	@Test
	void choosesTheStartersDataSourceWithoutAConnectionString() {
		// the bean is chosen; creating it reads the (absent) variable, as at run time
		this.aotProcessing.run((context) -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(ConnectionStringNotSetException.class)
			.hasMessage("DATABASE_URL is not set"));
	}

	@Test
	void choosesTheStartersDataSourceWhateverTheBuildMachineHolds() {
		String url = SharedHerokuPostgres.newRole("aot_activation").databaseUrl();
		this.aotProcessing.withPropertyValues("DATABASE_URL=" + url)
			.run((context) -> assertThat(context).hasSingleBean(DatabaseCredentials.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.aotProcessing.withPropertyValues("heroku.postgres.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DataSource.class));
	}

	@Test
	void backsOffWhenSpringDatasourceUrlIsSet() {
		this.aotProcessing.withPropertyValues("spring.datasource.url=jdbc:h2:mem:test")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DataSource.class));
	}

	@Test
	void backsOffForAnApplicationDataSource() {
		this.aotProcessing.withBean("myDataSource", DataSource.class, SimpleDriverDataSource::new)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(DatabaseCredentials.class)
				.getBean(DataSource.class)
				.isInstanceOf(SimpleDriverDataSource.class));
	}

	@Test
	void backsOffForApplicationJdbcConnectionDetails() {
		JdbcConnectionDetails details = new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return "user";
			}

			@Override
			public String getPassword() {
				return "password";
			}

			@Override
			public String getJdbcUrl() {
				return "jdbc:postgresql://localhost/postgres";
			}

		};
		this.aotProcessing.withBean(JdbcConnectionDetails.class, () -> details)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DatabaseCredentials.class));
	}

	@Test
	void stepsAsideWithoutAConnectionStringOutsideAotProcessing() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(HerokuPostgresAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DataSource.class));
	}

}
