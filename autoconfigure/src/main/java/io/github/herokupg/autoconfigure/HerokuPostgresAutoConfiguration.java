package io.github.herokupg.autoconfigure;

import java.time.Clock;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.credentials.CredentialRefreshScheduler;
import io.github.herokupg.credentials.CredentialSource;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.jdbc.CredentialAwareDataSource;
import io.github.herokupg.jdbc.HikariSoftEviction;
import io.github.herokupg.jdbc.PostgresConnector;
import io.github.herokupg.url.DatabaseUrl;
import io.github.herokupg.url.SslSettings;
import org.postgresql.Driver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
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
@ConditionalOnClass({ HikariDataSource.class, Driver.class })
@ConditionalOnBooleanProperty(name = "heroku.postgres.enabled", matchIfMissing = true)
@ConditionalOnMissingBean({ DataSource.class, JdbcConnectionDetails.class })
@Conditional(OnConnectionStringCondition.class)
@EnableConfigurationProperties(HerokuPostgresProperties.class)
@Import(LazyConnectionFetchConfiguration.class)
@ImportRuntimeHints(HerokuPostgresRuntimeHints.class)
public final class HerokuPostgresAutoConfiguration {

	@Bean
	PostgresConnector herokuPostgresConnector(Environment environment) {
		PgjdbcVersionCheck.warnIfVulnerable();
		return new PostgresConnector(Binder.get(environment)
			.bind("spring.datasource.hikari.data-source-properties", Bindable.mapOf(String.class, String.class))
			.orElseGet(Map::of));
	}

	@Bean
	DatabaseCredentials databaseCredentials(ObjectProvider<CredentialSource> source, PostgresConnector connector,
			HerokuPostgresProperties properties, Environment environment, ObjectProvider<Clock> clock) {
		String variable = properties.getUrlVariable();
		SslSettings ssl = properties.getSsl().toSettings();
		return new DatabaseCredentials(source.getIfAvailable(() -> CredentialSources.create(properties, environment)),
				(url) -> DatabaseUrl.parse(variable, url, ssl), connector, clock.getIfAvailable(Clock::systemUTC),
				properties.getRefresh().getMinInterval());
	}

	@Bean
	@Conditional(OnPeriodicRefreshCondition.class)
	CredentialRefreshScheduler herokuPostgresRefreshScheduler(DatabaseCredentials credentials,
			HerokuPostgresProperties properties) {
		return new CredentialRefreshScheduler(credentials, properties.determineRefreshInterval(),
				properties.getRefresh().getMinInterval());
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(DatabaseCredentials credentials, PostgresConnector connector,
			HerokuPostgresProperties properties) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setDataSource(new CredentialAwareDataSource(credentials, connector,
				properties.getRefresh().isOnAuthFailure()));
		credentials.addChangeListener(new HikariSoftEviction(dataSource));
		return dataSource;
	}

}
