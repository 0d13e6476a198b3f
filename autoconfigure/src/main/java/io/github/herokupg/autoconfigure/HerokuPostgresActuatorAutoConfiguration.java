package io.github.herokupg.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.github.herokupg.actuate.DatabaseCredentialsEndpoint;
import io.github.herokupg.actuate.DatabaseCredentialsMetrics;
import io.github.herokupg.actuate.FollowerMetrics;
import io.github.herokupg.actuate.PlatformApiMetrics;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.credentials.source.FetchPacing;
import io.github.herokupg.health.DatabaseCredentialsHealthIndicator;
import io.github.herokupg.replication.Follower;
import io.github.herokupg.replication.FollowerState;
import io.github.herokupg.replication.Followers;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code databasecredentials} health indicator, endpoint and
 * metrics, each only when its module is on the class path.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@AutoConfiguration(after = { HerokuPostgresAutoConfiguration.class, HerokuPostgresR2dbcAutoConfiguration.class })
@ConditionalOnBean(DatabaseCredentials.class)
public final class HerokuPostgresActuatorAutoConfiguration {

	HerokuPostgresActuatorAutoConfiguration() {
	}

	private static Clock clock(ObjectProvider<Clock> clock) {
		return clock.getIfAvailable(Clock::systemUTC);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, OperationResponseBody.class })
	@ConditionalOnEnabledHealthIndicator("databasecredentials")
	static class HealthConfiguration {

		/**
		 * One indicator for the direct endpoint, or a composite with one per endpoint
		 * ({@code direct}, {@code pooler}), as Spring Boot's {@code db} does for several
		 * data sources.
		 */
		@Bean
		@ConditionalOnMissingBean(name = "databasecredentialsHealthIndicator")
		HealthContributor databasecredentialsHealthIndicator(DatabaseEndpoints endpoints,
				ObjectProvider<Followers> followerSides, ObjectProvider<SslBundleConnections> ssl,
				HerokuPostgresProperties properties, ObjectProvider<Clock> clock) {
			Clock resolved = clock(clock);
			SslBundleConnections bundle = ssl.getIfAvailable();
			Supplier<Map<String, Object>> sslDetails = (bundle != null) ? bundle::details : Map::of;
			Duration probe = properties.getHealthProbeInterval();
			if (endpoints.all().size() == 1) {
				return new DatabaseCredentialsHealthIndicator(endpoints.direct(), resolved, sslDetails, probe);
			}
			Map<String, Follower> followers = new LinkedHashMap<>();
			// the JDBC side's first when both sides route reads
			followerSides.orderedStream()
				.flatMap((side) -> side.list().stream())
				.forEach((follower) -> followers.putIfAbsent(follower.name(), follower));
			Map<String, HealthContributor> contributors = new LinkedHashMap<>();
			endpoints.all().forEach((name, credentials) -> {
				Follower follower = followers.get(name);
				contributors.put(name, new DatabaseCredentialsHealthIndicator(credentials, resolved, () -> {
					Map<String, Object> details = new LinkedHashMap<>(sslDetails.get());
					if (follower != null) {
						details.putAll(replication(follower));
					}
					return details;
				}, probe));
			});
			return CompositeHealthContributor.fromMap(contributors);
		}

		private static Map<String, Object> replication(Follower follower) {
			FollowerState state = follower.state();
			Map<String, Object> replication = new LinkedHashMap<>();
			replication.put("takingReads", state.takingReads());
			replication.put("reachable", state.reachable());
			replication.put("standby", state.inRecovery());
			replication.put("lagMillis", state.lag().toMillis());
			replication.put("reads", follower.reads());
			if (state.problem() != null) {
				replication.put("problem", state.problem());
			}
			if (state.checkedAt() != null) {
				replication.put("checkedAt", String.valueOf(state.checkedAt()));
			}
			return Map.of("replication", replication);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	@ConditionalOnAvailableEndpoint(DatabaseCredentialsEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DatabaseCredentialsEndpoint databaseCredentialsEndpoint(DatabaseEndpoints endpoints,
				ObjectProvider<Clock> clock, ListableBeanFactory beanFactory) {
			return new DatabaseCredentialsEndpoint(endpoints, clock(clock), new ApplicationPools(beanFactory));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnBean(Followers.class)
		FollowerMetrics herokuPostgresFollowerMetrics(ObjectProvider<Followers> followers) {
			// one set of meters: the JDBC side's when both sides route reads
			return new FollowerMetrics(followers.orderedStream().findFirst().orElseThrow());
		}

		@Bean
		@ConditionalOnMissingBean
		DatabaseCredentialsMetrics databaseCredentialsMetrics(DatabaseEndpoints endpoints,
				ObjectProvider<Clock> clock) {
			return new DatabaseCredentialsMetrics(endpoints, clock(clock));
		}

		@Bean
		@ConditionalOnMissingBean
		PlatformApiMetrics herokuPostgresPlatformApiMetrics(DatabaseEndpoints endpoints,
				FetchPacing herokuPostgresFetchPacing) {
			return new PlatformApiMetrics(endpoints, herokuPostgresFetchPacing);
		}

	}

}
