package io.github.herokupg.autoconfigure;

import java.time.Clock;
import java.util.concurrent.Executor;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.credentials.BackgroundTasks;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.credentials.source.CredentialSource;
import io.github.herokupg.jdbc.CredentialAwareDataSource;
import io.github.herokupg.jdbc.PostgresConnector;
import io.github.herokupg.jdbc.PostgresConnectors;
import io.github.herokupg.jdbc.RollingReplacement;
import io.github.herokupg.jdbc.ServerFailureWatch;
import io.github.herokupg.replication.Followers;
import io.github.herokupg.routing.FollowerRouting;
import io.github.herokupg.routing.ReadOnlyTransactionListener;
import liquibase.integration.spring.SpringLiquibase;
import org.postgresql.Driver;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of an SSL-enforced HikariCP {@link javax.sql.DataSource} from a
 * Heroku {@code DATABASE_URL}. The pool is bound to {@code spring.datasource.hikari.*}
 * as Spring Boot's own is, and opens every physical connection through a
 * {@link CredentialAwareDataSource} so that credential and host changes reach new
 * connections. An application can supply its own {@link CredentialSource} bean; the
 * internal beans carry no bean conditions, each of which would cost several
 * milliseconds of startup.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass(value = { HikariDataSource.class, Driver.class },
		name = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnBooleanProperty(name = "heroku.postgres.enabled", matchIfMissing = true)
@ConditionalOnMissingBean({ DataSource.class, JdbcConnectionDetails.class })
@Conditional(OnConnectionStringCondition.class)
@EnableConfigurationProperties({ HerokuPostgresProperties.class, HerokuPostgresPoolProperties.class })
@Import({ HerokuPostgresCredentialsConfiguration.class, LazyConnectionFetchConfiguration.class, AttachedDatabases.Registrar.class, FollowerPools.Registrar.class })
@ImportRuntimeHints(HerokuPostgresRuntimeHints.class)
public final class HerokuPostgresAutoConfiguration {

	HerokuPostgresAutoConfiguration() {
	}

	@Bean
	AttachedDatabases herokuPostgresAttachedDatabases(DatabaseEndpoints endpoints,
			PostgresConnectors herokuPostgresConnectors, HerokuPostgresProperties properties, Environment environment,
			BackgroundTasks herokuPostgresBackgroundTasks) {
		return new AttachedDatabases(endpoints, herokuPostgresConnectors.direct(), properties, environment,
				herokuPostgresBackgroundTasks);
	}

	/**
	 * What a pool runs on every new physical connection before it lends it, unless
	 * {@code connection-init-sql} is set: the first query of a new server process costs
	 * more than the ones after it (its caches are empty), and this way HikariCP's
	 * connection adder pays for it instead of a request.
	 */
	static final String WARM_UP_QUERY = "SELECT 1";

	/**
	 * A pool that opens its physical connections with an endpoint's current credentials
	 * and replaces them, one at a time, when the credentials change. Each new connection
	 * runs {@link #WARM_UP_QUERY} before the pool lends it, unless the pool's own
	 * {@code connection-init-sql}, bound afterwards, says otherwise.
	 */
	static HikariDataSource pool(DatabaseCredentials credentials, PostgresConnector connector,
			HerokuPostgresProperties properties, Executor tasks, boolean readWrite) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setConnectionInitSql(WARM_UP_QUERY);
		CredentialAwareDataSource connections = new CredentialAwareDataSource(credentials, connector,
				properties.getRefresh().isOnAuthFailure());
		dataSource.setDataSource(connections);
		credentials.addChangeListener(
				new RollingReplacement(dataSource, connections, tasks, properties.getPool().getReplacement(),
						credentials::observationRegistry));
		dataSource.setExceptionOverride(new ServerFailureWatch(credentials, readWrite, tasks));
		return dataSource;
	}

	static PostgresConnector applicationConnector(DatabaseEndpoints endpoints, PostgresConnectors connectors) {
		return connectors.application(endpoints.pooler() != null);
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnReplicaCondition.NotConfigured.class)
	static class PoolConfiguration {

		@Bean
		@ConfigurationProperties("spring.datasource.hikari")
		HikariDataSource dataSource(DatabaseEndpoints endpoints, PostgresConnectors herokuPostgresConnectors,
				HerokuPostgresProperties properties,
				BackgroundTasks herokuPostgresBackgroundTasks) {
			return pool(endpoints.application(),
					applicationConnector(endpoints, herokuPostgresConnectors), properties,
					herokuPostgresBackgroundTasks, true);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnReplicaCondition.Configured.class)
	static class FollowerRoutingConfiguration {

		@Bean
		FollowerPools herokuPostgresFollowerPools(DatabaseEndpoints endpoints, PostgresConnectors herokuPostgresConnectors,
				HerokuPostgresProperties properties, Environment environment,
				BackgroundTasks herokuPostgresBackgroundTasks) {
			return new FollowerPools(endpoints, herokuPostgresConnectors.direct(), properties, environment,
					herokuPostgresBackgroundTasks);
		}

		@Bean
		FollowerRouting herokuPostgresFollowerRouting(DatabaseEndpoints endpoints,
				PostgresConnectors herokuPostgresConnectors, HerokuPostgresProperties properties,
				Environment environment, ObjectProvider<Clock> clock,
				BackgroundTasks herokuPostgresBackgroundTasks, FollowerPools herokuPostgresFollowerPools,
				BeanFactory beanFactory) {
			HikariDataSource leader = pool(endpoints.application(),
					applicationConnector(endpoints, herokuPostgresConnectors), properties,
					herokuPostgresBackgroundTasks, true);
			Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(leader));
			HerokuPostgresProperties.Replica replica = properties.getReplica();
			return new FollowerRouting(leader, herokuPostgresFollowerPools.pools(beanFactory), replica.getMaxLag(),
					replica.isFallback(), replica.getCheckInterval(), clock.getIfAvailable(Clock::systemUTC));
		}

		@Bean(destroyMethod = "")
		Followers herokuPostgresFollowers(FollowerRouting herokuPostgresFollowerRouting) {
			return herokuPostgresFollowerRouting.followers();
		}

		@Bean
		DataSource dataSource(FollowerRouting herokuPostgresFollowerRouting) {
			return herokuPostgresFollowerRouting.dataSource();
		}

		/**
		 * Spring Boot adds every such bean to the transaction managers it configures.
		 */
		@Bean
		ReadOnlyTransactionListener herokuPostgresReadOnlyTransactionListener(
				FollowerRouting herokuPostgresFollowerRouting) {
			return herokuPostgresFollowerRouting.transactionListener();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(FlywayConfigurationCustomizer.class)
	@ConditionalOnBooleanProperty(name = "heroku.postgres.pooler.enabled", matchIfMissing = true)
	static class FlywayMigrationConfiguration {

		@Bean
		FlywayConfigurationCustomizer herokuPostgresFlywayConnectsDirectly(ObjectProvider<DataSource> dataSource,
				DatabaseEndpoints endpoints, PostgresConnectors herokuPostgresConnectors,
				HerokuPostgresProperties properties) {
			DirectMigrations migrations = new DirectMigrations(dataSource, endpoints, herokuPostgresConnectors.direct(),
					properties);
			return (configuration) -> configuration.dataSource(migrations.dataSourceFor(configuration.getDataSource()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SpringLiquibase.class)
	@ConditionalOnBooleanProperty(name = "heroku.postgres.pooler.enabled", matchIfMissing = true)
	static class LiquibaseMigrationConfiguration {

		@Bean
		static BeanPostProcessor herokuPostgresLiquibaseConnectsDirectly(ObjectProvider<DataSource> dataSource,
				ObjectProvider<DatabaseEndpoints> endpoints, ObjectProvider<PostgresConnectors> herokuPostgresConnectors,
				ObjectProvider<HerokuPostgresProperties> properties) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessBeforeInitialization(Object bean, String beanName) {
					if (bean instanceof SpringLiquibase liquibase) {
						DirectMigrations migrations = new DirectMigrations(dataSource, endpoints.getObject(),
								herokuPostgresConnectors.getObject().direct(), properties.getObject());
						liquibase.setDataSource(migrations.dataSourceFor(liquibase.getDataSource()));
					}
					return bean;
				}

			};
		}

	}

}
