package io.github.herokupg.autoconfigure;

import java.util.Locale;

import javax.sql.DataSource;

import io.github.herokupg.credentials.CredentialSource;
import io.github.herokupg.url.DatabaseUrl;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when the starter should build the {@link DataSource}: it is enabled, a
 * connection string is configured (or the application defines its own
 * {@link CredentialSource}), and the application neither sets
 * {@code spring.datasource.url} nor defines its own {@link DataSource} or
 * {@link JdbcConnectionDetails}. Each reason to back off is logged at debug level.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class OnHerokuDatabaseUrlCondition extends SpringBootCondition implements ConfigurationCondition {

	private static final Log logger = LogFactory.getLog(HerokuPostgresAutoConfiguration.class);

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Heroku Postgres DataSource");
		Environment environment = context.getEnvironment();
		String variable = environment.getProperty("heroku.postgres.url-variable", DatabaseUrl.DEFAULT_VARIABLE);
		String sourceType = environment.getProperty("heroku.postgres.source.type", "env");
		if (!environment.getProperty("heroku.postgres.enabled", Boolean.class, true)) {
			return backOff(message.because("heroku.postgres.enabled is false"));
		}
		String datasourceUrl = environment.getProperty("spring.datasource.url");
		if (StringUtils.hasText(datasourceUrl) && !isExportedByHerokuBuildpack(datasourceUrl, environment)) {
			return backOff(message.because("spring.datasource.url is set"));
		}
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		if (sourceType.equalsIgnoreCase("env") && !StringUtils.hasText(environment.getProperty(variable))
				&& !hasBean(beanFactory, CredentialSource.class)) {
			return backOff(message.because(variable + " is not set"));
		}
		if (beanFactory != null) {
			for (Class<?> type : new Class<?>[] { DataSource.class, JdbcConnectionDetails.class }) {
				String[] names = beanFactory.getBeanNamesForType(type, true, false);
				if (names.length > 0) {
					return backOff(message.because("the application defines " + type.getSimpleName() + " bean '"
							+ names[0] + "'"));
				}
			}
		}
		return ConditionOutcome
			.match(message.because("connection string source is " + sourceType.toLowerCase(Locale.ROOT)));
	}

	/**
	 * Heroku's JVM buildpack derives {@code JDBC_DATABASE_URL} from {@code DATABASE_URL}
	 * and exports it as {@code SPRING_DATASOURCE_URL} too; that copy is frozen at dyno
	 * start, so the starter still owns the connection.
	 */
	private boolean isExportedByHerokuBuildpack(String datasourceUrl, Environment environment) {
		boolean exported = datasourceUrl.equals(environment.getProperty("JDBC_DATABASE_URL"));
		if (exported) {
			logger.debug("Ignoring spring.datasource.url: it is the JDBC_DATABASE_URL that Heroku's JVM buildpack "
					+ "derives from DATABASE_URL");
		}
		return exported;
	}

	private static boolean hasBean(ConfigurableListableBeanFactory beanFactory, Class<?> type) {
		return beanFactory != null && beanFactory.getBeanNamesForType(type, true, false).length > 0;
	}

	private ConditionOutcome backOff(ConditionMessage message) {
		logger.debug("Backing off: " + message);
		return ConditionOutcome.noMatch(message);
	}

}
