package io.github.herokupg.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.credentials.BackgroundTasks;
import io.github.herokupg.credentials.CredentialRefreshScheduler;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.credentials.source.CredentialSource;
import io.github.herokupg.credentials.source.FetchPacing;
import io.github.herokupg.jdbc.CredentialAwareDataSource;
import io.github.herokupg.jdbc.PostgresConnector;
import io.github.herokupg.jdbc.PostgresConnectors;
import io.github.herokupg.jdbc.RollingReplacement;
import io.github.herokupg.jdbc.ServerFailureWatch;
import io.github.herokupg.routing.FollowerRouting;
import io.github.herokupg.url.SslSettings;
import io.github.herokupg.webhook.ReleaseWebhook;
import io.github.herokupg.webhook.ReleaseWebhookController;
import liquibase.integration.spring.SpringLiquibase;
import org.postgresql.Driver;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.RestController;

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
@ConditionalOnClass({ HikariDataSource.class, Driver.class })
@ConditionalOnBooleanProperty(name = "heroku.postgres.enabled", matchIfMissing = true)
@ConditionalOnMissingBean({ DataSource.class, JdbcConnectionDetails.class })
@Conditional(OnConnectionStringCondition.class)
@EnableConfigurationProperties(HerokuPostgresProperties.class)
@Import({ LazyConnectionFetchConfiguration.class, AttachedDatabases.Registrar.class, FollowerPools.Registrar.class })
@ImportRuntimeHints(HerokuPostgresRuntimeHints.class)
public final class HerokuPostgresAutoConfiguration {

	/** Hikari's default connection timeout. */
	private static final long DEFAULT_CONNECTION_TIMEOUT_MILLIS = 30_000;

	@Bean
	BackgroundTasks herokuPostgresBackgroundTasks() {
		return new BackgroundTasks();
	}

	@Bean
	PostgresConnectors herokuPostgresConnectors(Environment environment, HerokuPostgresProperties properties,
			ObjectProvider<SslBundleConnections> herokuPostgresSslBundle) {
		PgjdbcVersionCheck.warnIfVulnerable();
		DriverPropertiesCheck.check(Binder.get(environment), properties);
		Map<String, String> enforced = enforced(herokuPostgresSslBundle);
		Duration loginTimeout = ownLoginTimeout(environment, properties);
		PostgresConnector direct = new PostgresConnector(Map.of(), dataSourceProperties(environment), enforced,
				loginTimeout);
		// a transaction-mode pooler cannot keep named server-side statements between
		// transactions; the pooler URL or data-source-properties may say otherwise
		PostgresConnector pooler = new PostgresConnector(Map.of("prepareThreshold", "0"),
				dataSourceProperties(environment), enforced, loginTimeout);
		return new PostgresConnectors(direct, pooler);
	}

	/**
	 * The bound on every login the starter makes itself: the source timeout or the pool's
	 * connection timeout, whichever is shorter.
	 */
	private static Duration ownLoginTimeout(Environment environment, HerokuPostgresProperties properties) {
		Duration connectionTimeout = Duration.ofMillis(Binder.get(environment)
			.bind("spring.datasource.hikari.connection-timeout", Long.class)
			.orElse(DEFAULT_CONNECTION_TIMEOUT_MILLIS));
		Duration sourceTimeout = properties.getSource().getTimeout();
		Duration shorter = (sourceTimeout.compareTo(connectionTimeout) < 0) ? sourceTimeout : connectionTimeout;
		return shorter.isNegative() ? Duration.ZERO : shorter;
	}

	@Bean
	@ConditionalOnProperty("heroku.postgres.ssl.bundle")
	SslBundleConnections herokuPostgresSslBundle(SslBundles sslBundles, HerokuPostgresProperties properties,
			ObjectProvider<Clock> clock) {
		HerokuPostgresProperties.Ssl ssl = properties.getSsl();
		return new SslBundleConnections(sslBundles, Objects.requireNonNull(ssl.getBundle()),
				clock.getIfAvailable(Clock::systemUTC), ssl.getCertificateExpiryWarning());
	}

	/**
	 * Whether this is a Heroku CI run, read when the beans are created (never in a
	 * condition): {@code CI=true} together with {@code HEROKU_TEST_RUN_ID}.
	 */
	static boolean isHerokuCiRun(Environment environment) {
		return "true".equalsIgnoreCase(environment.getProperty("CI"))
				&& StringUtils.hasText(environment.getProperty("HEROKU_TEST_RUN_ID"));
	}

	private static Map<String, String> enforced(ObjectProvider<SslBundleConnections> ssl) {
		SslBundleConnections connections = ssl.getIfAvailable();
		return (connections != null) ? connections.driverProperties() : Map.of();
	}

	private static Map<String, String> dataSourceProperties(Environment environment) {
		return DriverPropertiesCheck.bind(Binder.get(environment), DriverPropertiesCheck.MAIN);
	}

	@Bean
	FetchPacing herokuPostgresFetchPacing(HerokuPostgresProperties properties, ObjectProvider<Clock> clock) {
		return new FetchPacing(clock.getIfAvailable(Clock::systemUTC), properties.getRefresh().getJitter());
	}

	@Bean
	DatabaseEndpoints herokuPostgresEndpoints(ObjectProvider<CredentialSource> source,
			PostgresConnectors herokuPostgresConnectors, HerokuPostgresProperties properties, Environment environment,
			ObjectProvider<Clock> clock, FetchPacing herokuPostgresFetchPacing, ObjectProvider<SslBundleConnections> herokuPostgresSslBundle,
			BackgroundTasks herokuPostgresBackgroundTasks) {
		SslBundleConnections bundle = herokuPostgresSslBundle.getIfAvailable();
		SslSettings.BundleTrust bundleTrust = (bundle == null) ? SslSettings.BundleTrust.NONE
				: bundle.hasTrustStore() ? SslSettings.BundleTrust.TRUST_STORE : SslSettings.BundleTrust.JVM_TRUST;
		return new DatabaseEndpointsFactory(properties, clock.getIfAvailable(Clock::systemUTC),
				isHerokuCiRun(environment), bundleTrust, herokuPostgresBackgroundTasks, herokuPostgresFetchPacing)
			.create(source.getIfAvailable(() -> CredentialSources.create(properties, environment,
					herokuPostgresFetchPacing, herokuPostgresBackgroundTasks)), herokuPostgresConnectors.direct(),
					herokuPostgresConnectors.pooler());
	}

	@Bean
	DatabaseCredentials databaseCredentials(DatabaseEndpoints endpoints) {
		return endpoints.direct();
	}

	@Bean
	AttachedDatabases herokuPostgresAttachedDatabases(DatabaseEndpoints endpoints,
			PostgresConnectors herokuPostgresConnectors, HerokuPostgresProperties properties, Environment environment,
			BackgroundTasks herokuPostgresBackgroundTasks) {
		return new AttachedDatabases(endpoints, herokuPostgresConnectors.direct(), properties, environment,
				herokuPostgresBackgroundTasks);
	}

	@Bean
	@Conditional(OnPeriodicRefreshCondition.class)
	CredentialRefreshScheduler herokuPostgresRefreshScheduler(DatabaseEndpoints endpoints,
			HerokuPostgresProperties properties, FetchPacing herokuPostgresFetchPacing) {
		// one schedule: a fetch for the direct endpoint refreshes the other endpoints as well
		return new CredentialRefreshScheduler(endpoints.direct(), properties.determineRefreshInterval(),
				properties.getRefresh().getMinInterval(), herokuPostgresFetchPacing);
	}

	/**
	 * A pool that opens its physical connections with an endpoint's current credentials
	 * and replaces them, one at a time, when the credentials change.
	 */
	static HikariDataSource pool(DatabaseCredentials credentials, PostgresConnector connector,
			HerokuPostgresProperties properties, Executor tasks, boolean readWrite) {
		HikariDataSource dataSource = new HikariDataSource();
		CredentialAwareDataSource connections = new CredentialAwareDataSource(credentials, connector,
				properties.getRefresh().isOnAuthFailure());
		dataSource.setDataSource(connections);
		credentials.addChangeListener(
				new RollingReplacement(dataSource, connections, tasks, properties.getPool().getReplacement()));
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

		@Bean
		DataSource dataSource(FollowerRouting herokuPostgresFollowerRouting) {
			return herokuPostgresFollowerRouting.dataSource();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestController.class)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnBooleanProperty("heroku.postgres.webhook.enabled")
	static class WebhookConfiguration {

		@Bean
		ReleaseWebhook herokuPostgresReleaseWebhook(DatabaseEndpoints endpoints, HerokuPostgresProperties properties,
				ObjectProvider<Clock> clock) {
			String secret = properties.getWebhook().getSecret();
			if (!StringUtils.hasText(secret)) {
				throw new IllegalStateException("heroku.postgres.webhook.secret is not set, but "
						+ "heroku.postgres.webhook.enabled is true");
			}
			List<String> watched = new ArrayList<>();
			watched.add(properties.getUrlVariable());
			watched.addAll(properties.determineFurtherVariables());
			return new ReleaseWebhook(secret, endpoints.direct(), watched, clock.getIfAvailable(Clock::systemUTC));
		}

		@Bean
		ReleaseWebhookController herokuPostgresReleaseWebhookController(ReleaseWebhook herokuPostgresReleaseWebhook) {
			return new ReleaseWebhookController(herokuPostgresReleaseWebhook);
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
