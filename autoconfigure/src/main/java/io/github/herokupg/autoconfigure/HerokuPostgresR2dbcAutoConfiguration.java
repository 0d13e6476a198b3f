package io.github.herokupg.autoconfigure;

import java.time.Duration;
import java.util.function.UnaryOperator;

import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.r2dbc.CredentialAwareConnectionFactory;
import io.github.herokupg.r2dbc.R2dbcConnectionOptions;
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
		DatabaseCredentials credentials = endpoints.application();
		boolean pooler = endpoints.pooler() != null;
		String variable = pooler ? properties.getPooler().getUrlVariable() : properties.getUrlVariable();
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
				DEFAULT_LOGIN_WAIT);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "spring.r2dbc.pool.enabled", matchIfMissing = true)
	static class PooledConfiguration {

		@Bean(destroyMethod = "dispose")
		ConnectionPool connectionFactory(DatabaseEndpoints endpoints, HerokuPostgresProperties properties,
				ObjectProvider<SslBundles> sslBundles, R2dbcProperties r2dbc) {
			return R2dbcPools.create(connections(endpoints, properties, sslBundles), r2dbc.getPool(), "heroku-r2dbc");
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
