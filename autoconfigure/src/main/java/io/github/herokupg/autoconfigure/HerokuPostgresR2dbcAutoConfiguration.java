package io.github.herokupg.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.r2dbc.CredentialAwareConnectionFactory;
import io.github.herokupg.r2dbc.FollowerRoutingConnectionFactory;
import io.github.herokupg.r2dbc.FollowerRoutingConnectionFactory.FollowerPool;
import io.github.herokupg.r2dbc.R2dbcConnectionOptions;
import io.github.herokupg.replication.Followers;
import io.github.herokupg.url.InvalidDatabaseUrlException;
import io.netty.handler.ssl.SslContextBuilder;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.util.StringUtils;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of an R2DBC {@link ConnectionFactory} from a Heroku
 * {@code DATABASE_URL}: an r2dbc-pool {@link ConnectionPool}, configured by
 * {@code spring.r2dbc.pool.*} as Spring Boot's own is, around a
 * {@link CredentialAwareConnectionFactory} that opens every connection with the current
 * credentials of the same snapshot the JDBC side reads. Connections opened with older
 * credentials leave the pool when they are next acquired or released after a change.
 * Backs off for the application's own {@link ConnectionFactory} or
 * {@link R2dbcConnectionDetails}, and when {@code spring.r2dbc.url} is set.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@AutoConfiguration(before = R2dbcAutoConfiguration.class, after = HerokuPostgresAutoConfiguration.class)
@ConditionalOnClass({ ConnectionPool.class, PostgresqlConnectionFactory.class, R2dbcProperties.class })
@ConditionalOnBooleanProperty(name = "heroku.postgres.enabled", matchIfMissing = true)
@ConditionalOnMissingBean({ ConnectionFactory.class, R2dbcConnectionDetails.class })
@Conditional(OnR2dbcConnectionStringCondition.class)
@EnableConfigurationProperties({ HerokuPostgresProperties.class, R2dbcProperties.class })
@Import(HerokuPostgresCredentialsConfiguration.class)
public final class HerokuPostgresR2dbcAutoConfiguration {

	HerokuPostgresR2dbcAutoConfiguration() {
	}

	/** r2dbc-postgresql's own connect timeout when the connection string sets none. */
	private static final Duration DEFAULT_LOGIN_WAIT = Duration.ofSeconds(10);

	/**
	 * The connection factory of the application's endpoint (the pooler's when it is
	 * set). Not a bean of its own: the application sees one {@link ConnectionFactory}.
	 */
	static CredentialAwareConnectionFactory connections(DatabaseEndpoints endpoints,
			HerokuPostgresProperties properties, ObjectProvider<SslBundles> sslBundles) {
		boolean pooler = endpoints.pooler() != null;
		String variable = pooler ? properties.getPooler().getUrlVariable() : properties.getUrlVariable();
		return connections(endpoints.application(), pooler, variable, properties, sslBundles, DEFAULT_LOGIN_WAIT);
	}

	/**
	 * The connection factory of one endpoint.
	 * @param loginWait how long a connection attempt waits for newer credentials after a
	 * rejection, or for a host that cannot be reached
	 */
	private static CredentialAwareConnectionFactory connections(DatabaseCredentials credentials, boolean pooler,
			String variable, HerokuPostgresProperties properties, ObjectProvider<SslBundles> sslBundles,
			Duration loginWait) {
		try {
			R2dbcConnectionOptions.check(credentials.current().url());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidDatabaseUrlException(variable, InvalidDatabaseUrlException.Kind.SYNTAX,
					String.valueOf(ex.getMessage()));
		}
		R2dbcConnectionOptions options = new R2dbcConnectionOptions(pooler,
				sslBundle(properties.getSsl().getBundle(), sslBundles));
		return new CredentialAwareConnectionFactory(credentials, options, properties.getRefresh().isOnAuthFailure(),
				loginWait);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "spring.r2dbc.pool.enabled", matchIfMissing = true)
	@Conditional(OnReplicaCondition.NotConfigured.class)
	static class PooledConfiguration {

		@Bean(destroyMethod = "dispose")
		ConnectionPool connectionFactory(DatabaseEndpoints endpoints, HerokuPostgresProperties properties,
				ObjectProvider<SslBundles> sslBundles, R2dbcProperties r2dbc) {
			return R2dbcPools.create(connections(endpoints, properties, sslBundles), r2dbc.getPool(), "heroku-r2dbc");
		}

	}

	/**
	 * With followers, the application's {@link ConnectionFactory} routes read-only
	 * transactions to them: the leader's pool and one pool per follower whose variable
	 * is set, each from its own credentials.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "spring.r2dbc.pool.enabled", matchIfMissing = true)
	@Conditional(OnReplicaCondition.Configured.class)
	static class FollowerRoutingConfiguration {

		/** Read-only work must not wait long for a follower that went away: it falls back. */
		private static final Duration FOLLOWER_WAIT = Duration.ofMillis(FollowerPools.CONNECTION_TIMEOUT_MILLIS);

		/** How long a follower's connection attempt keeps trying a host that refuses. */
		private static final Duration FOLLOWER_LOGIN_WAIT = Duration.ofSeconds(1);

		@Bean(destroyMethod = "close")
		FollowerRoutingConnectionFactory connectionFactory(DatabaseEndpoints endpoints,
				HerokuPostgresProperties properties, ObjectProvider<SslBundles> sslBundles, R2dbcProperties r2dbc,
				ObjectProvider<Clock> clock) {
			ConnectionPool leader = R2dbcPools.create(connections(endpoints, properties, sslBundles), r2dbc.getPool(),
					"heroku-r2dbc");
			List<FollowerPool> followers = new ArrayList<>();
			endpoints.followers().forEach((variable, credentials) -> {
				CredentialAwareConnectionFactory connections = connections(credentials, false, variable, properties,
						sslBundles, FOLLOWER_LOGIN_WAIT);
				followers.add(new FollowerPool(variable, credentials, R2dbcPools.create(connections, r2dbc.getPool(),
						"heroku-r2dbc-follower-" + variable, FOLLOWER_WAIT)));
			});
			HerokuPostgresProperties.Replica replica = properties.getReplica();
			return new FollowerRoutingConnectionFactory(leader, followers,
					new FollowerRoutingConnectionFactory.Settings(replica.getMaxLag(), replica.isFallback(),
							replica.getCheckInterval(), FOLLOWER_WAIT, clock.getIfAvailable(Clock::systemUTC)));
		}

		@Bean(destroyMethod = "")
		Followers herokuPostgresR2dbcFollowers(FollowerRoutingConnectionFactory connectionFactory) {
			return connectionFactory.followers();
		}

	}

	/**
	 * Spring's {@link R2dbcTransactionManager} begins a transaction by taking a
	 * connection before anything else sees that the transaction is read-only: this one
	 * marks the work of a read-only transaction first, so that its connection comes from
	 * a follower.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(R2dbcTransactionManager.class)
	@ConditionalOnBooleanProperty(name = "spring.r2dbc.pool.enabled", matchIfMissing = true)
	@Conditional(OnReplicaCondition.Configured.class)
	static class FollowerTransactionManagerConfiguration {

		@Bean
		@ConditionalOnMissingBean(ReactiveTransactionManager.class)
		ReadOnlyRoutingTransactionManager connectionFactoryTransactionManager(ConnectionFactory connectionFactory) {
			return new ReadOnlyRoutingTransactionManager(connectionFactory);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "spring.r2dbc.pool.enabled", havingValue = false)
	static class UnpooledConfiguration {

		@Bean
		ConnectionFactory connectionFactory(DatabaseEndpoints endpoints, HerokuPostgresProperties properties,
				ObjectProvider<SslBundles> sslBundles) {
			return connections(endpoints, properties, sslBundles);
		}

	}

	/**
	 * The client certificate and trust of the SSL bundle, read at every handshake so that
	 * a reloaded bundle takes effect on the next connection.
	 */
	private static UnaryOperator<SslContextBuilder> sslBundle(@Nullable String name,
			ObjectProvider<SslBundles> sslBundles) {
		if (!StringUtils.hasText(name)) {
			return UnaryOperator.identity();
		}
		SslBundles bundles = sslBundles.getObject();
		bundles.getBundle(name);
		return (builder) -> {
			SslBundle bundle = bundles.getBundle(name);
			builder.keyManager(bundle.getManagers().getKeyManagerFactory());
			if (bundle.getStores().getTrustStore() != null) {
				builder.trustManager(bundle.getManagers().getTrustManagerFactory());
			}
			return builder;
		};
	}

}
