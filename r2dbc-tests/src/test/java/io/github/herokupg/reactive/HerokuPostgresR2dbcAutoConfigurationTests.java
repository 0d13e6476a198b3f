package io.github.herokupg.reactive;


import io.github.herokupg.autoconfigure.HerokuPostgresActuatorAutoConfiguration;
import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;
import io.github.herokupg.autoconfigure.HerokuPostgresR2dbcAutoConfiguration;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.url.InvalidDatabaseUrlException;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HerokuPostgresR2dbcAutoConfiguration}: when it configures the
 * {@link ConnectionFactory}, when it backs off, and what it refuses. Nothing here
 * connects.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class HerokuPostgresR2dbcAutoConfigurationTests {

	private static final String URL = "postgres://u1234567:s3cretPassw0rd@db.example.invalid:5432/d1";

	// imported as an application imports them: the JDBC side is filtered out by its class
	// conditions before its class is ever read, since this module has no HikariCP
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(AutoConfigured.class);

	@Test
	void runsWithoutHikariCp() {
		assertThat(ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource", getClass().getClassLoader()))
			.as("the R2DBC starter brings no JDBC pool").isFalse();
	}

	@Test
	void configuresAPoolFromTheConnectionString() {
		this.runner.withPropertyValues("DATABASE_URL=" + URL, "spring.r2dbc.pool.initial-size=1", "spring.r2dbc.pool.max-size=3").run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(ConnectionFactory.class).hasSingleBean(DatabaseCredentials.class);
			ConnectionPool pool = context.getBean(ConnectionPool.class);
			assertThat(pool.getMetadata().getName()).isEqualTo("PostgreSQL");
			assertThat(pool.getMetrics()).hasValueSatisfying((metrics) -> assertThat(metrics.getMaxAllocatedSize()).isEqualTo(3));
			assertThat(pool.toString()).doesNotContain("s3cretPassw0rd");
			assertThat(pool.unwrap().toString()).doesNotContain("s3cretPassw0rd");
		});
	}

	@Test
	void configuresNoDataSourceWithoutSpringBootJdbc() {
		this.runner.withPropertyValues("DATABASE_URL=" + URL)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(javax.sql.DataSource.class)
				.doesNotHaveBean(HerokuPostgresAutoConfiguration.class));
	}

	@Test
	void isUnpooledWhenThePoolIsOff() {
		this.runner.withPropertyValues("DATABASE_URL=" + URL, "spring.r2dbc.pool.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(ConnectionFactory.class).doesNotHaveBean(ConnectionPool.class);
		});
	}

	@Test
	void doesNothingWithoutAConnectionString() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(DatabaseCredentials.class)
			.doesNotHaveBean(HerokuPostgresR2dbcAutoConfiguration.class));
	}

	@Test
	void backsOffForSpringR2dbcUrl() {
		this.runner.withPropertyValues("DATABASE_URL=" + URL, "spring.r2dbc.url=r2dbc:postgresql://localhost/other")
			.run((context) -> assertThat(context).doesNotHaveBean(HerokuPostgresR2dbcAutoConfiguration.class)
				.doesNotHaveBean(DatabaseCredentials.class));
	}

	@Test
	void backsOffForTheApplicationsOwnConnectionFactory() {
		this.runner.withPropertyValues("DATABASE_URL=" + URL)
			.withBean("own", ConnectionFactory.class, OwnConnectionFactory::new)
			.run((context) -> assertThat(context).getBean(ConnectionFactory.class).isInstanceOf(OwnConnectionFactory.class));
	}

	@Test
	void backsOffForConnectionDetails() {
		R2dbcConnectionDetails details = () -> io.r2dbc.spi.ConnectionFactoryOptions
			.parse("r2dbc:postgresql://localhost/other");
		this.runner.withPropertyValues("DATABASE_URL=" + URL)
			.withBean(R2dbcConnectionDetails.class, () -> details)
			.run((context) -> assertThat(context).doesNotHaveBean(HerokuPostgresR2dbcAutoConfiguration.class));
	}

	@Test
	void refusesAParameterWithoutAnR2dbcEquivalent() {
		this.runner.withPropertyValues("DATABASE_URL=" + URL + "?sslmode=require&prepareThreshold=5")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidDatabaseUrlException.class)
				.hasMessageContaining("DATABASE_URL")
				.hasMessageContaining("prepareThreshold")
				.hasMessageContaining("r2dbc-postgresql")
				.hasMessageNotContaining("s3cretPassw0rd"));
	}

	@Test
	void refusesOptionsItCannotPass() {
		this.runner.withPropertyValues("DATABASE_URL=" + URL + "?options=garbage")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("options")
				.hasMessageNotContaining("s3cretPassw0rd"));
	}

	@Test
	void keepsTheTlsFloor() {
		this.runner.withPropertyValues("DATABASE_URL=" + URL + "?sslmode=disable")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidDatabaseUrlException.class)
				.hasMessageContaining("sslmode"));
	}

	static final class OwnConnectionFactory implements ConnectionFactory {

		@Override
		public Publisher<? extends io.r2dbc.spi.Connection> create() {
			throw new UnsupportedOperationException();
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return () -> "own";
		}

	}


	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ HerokuPostgresAutoConfiguration.class, HerokuPostgresR2dbcAutoConfiguration.class,
			HerokuPostgresActuatorAutoConfiguration.class })
	static class AutoConfigured {

	}

}
