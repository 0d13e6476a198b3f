package io.github.herokupg.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.herokupg.credentials.BackgroundTasks;
import io.github.herokupg.credentials.CredentialRefreshScheduler;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.credentials.source.CredentialSource;
import io.github.herokupg.credentials.source.FetchPacing;
import io.github.herokupg.jdbc.PostgresConnector;
import io.github.herokupg.jdbc.PostgresConnectors;
import io.github.herokupg.url.SslSettings;
import io.github.herokupg.webhook.ReleaseWebhook;
import io.github.herokupg.webhook.ReleaseWebhookController;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.RestController;

/**
 * The credentials every pool of the application reads: the source, one snapshot per
 * endpoint, their refresh and the release webhook. Imported by the JDBC and by the R2DBC
 * auto-configuration, so that an application with both gets one set, and one without
 * either (its own {@code DataSource} and {@code ConnectionFactory}) fetches nothing. The
 * logins that validate new credentials use pgjdbc, whichever side opens the pools'
 * connections.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HerokuPostgresProperties.class)
class HerokuPostgresCredentialsConfiguration {

	private static final Log logger = LogFactory.getLog(HerokuPostgresAutoConfiguration.class);

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
		DatabaseEndpoints endpoints = new DatabaseEndpointsFactory(properties, clock.getIfAvailable(Clock::systemUTC),
				isHerokuCiRun(environment), bundleTrust, herokuPostgresBackgroundTasks, herokuPostgresFetchPacing)
			.create(source.getIfAvailable(() -> CredentialSources.create(properties, environment,
					herokuPostgresFetchPacing, herokuPostgresBackgroundTasks)), herokuPostgresConnectors.direct(),
					herokuPostgresConnectors.pooler());
		logger.info(StartupSummary.of(endpoints, properties));
		return endpoints;
	}

	/**
	 * Observe the fetches, validating logins and connection replacements once every
	 * singleton exists (the registry's handlers may need beans that need the endpoints);
	 * without a registry they are observed by none and cost nothing.
	 */
	@Bean
	SmartInitializingSingleton herokuPostgresObservations(DatabaseEndpoints endpoints,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		return () -> observationRegistry.ifUnique(endpoints::observeWith);
	}

	@Bean
	DatabaseCredentials databaseCredentials(DatabaseEndpoints endpoints) {
		return endpoints.direct();
	}

	@Bean
	@Conditional(OnPeriodicRefreshCondition.class)
	CredentialRefreshScheduler herokuPostgresRefreshScheduler(DatabaseEndpoints endpoints,
			HerokuPostgresProperties properties, FetchPacing herokuPostgresFetchPacing) {
		// one schedule: a fetch for the direct endpoint refreshes the other endpoints as well
		return new CredentialRefreshScheduler(endpoints.direct(), properties.determineRefreshInterval(),
				properties.getRefresh().getMinInterval(), herokuPostgresFetchPacing);
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

}
