package io.github.herokupg.autoconfigure;

import io.github.herokupg.credentials.source.CredentialSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when the starter has a connection string to work with: the application does
 * not configure {@code spring.datasource.url} (other than the copy Heroku's JVM buildpack
 * exports), and the source is not {@code env}, the application defines its own
 * {@link CredentialSource}, or the variable is set.
 * <p>
 * The last of these is the one check of a secret, and it looks at presence only. It is
 * skipped while Spring AOT processes the application: a build sees no secrets, and the
 * outcome it freezes must not depend on whether the build machine happened to have one.
 * An AOT-built application therefore always gets the starter's {@code DataSource}, and
 * reads the variable when the bean is created. Each reason to back off is logged at
 * debug level.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class OnConnectionStringCondition extends SpringBootCondition implements ConfigurationCondition {

	private static final Log logger = LogFactory.getLog(HerokuPostgresAutoConfiguration.class);

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Heroku Postgres connection string");
		Environment environment = context.getEnvironment();
		String configured = configuredByTheApplication(environment);
		if (configured != null) {
			return backOff(message.because(configured + " is set"));
		}
		HerokuPostgresProperties properties = HerokuPostgresProperties.bind(environment);
		if (properties.getSource().getType() != HerokuPostgresProperties.SourceType.ENV) {
			return ConditionOutcome.match(message.because("the source is " + properties.getSource().getType()));
		}
		if (hasCredentialSourceBean(context.getBeanFactory())) {
			return ConditionOutcome.match(message.because("the application defines a CredentialSource"));
		}
		if (AotProcessing.isActive()) {
			return ConditionOutcome.match(message.because("Spring AOT is processing the application; "
					+ properties.getUrlVariable() + " is read at run time"));
		}
		String variable = properties.getUrlVariable();
		if (!StringUtils.hasText(environment.getProperty(variable))) {
			return backOff(message.because(variable + " is not set"));
		}
		return ConditionOutcome.match(message.because(variable + " is set"));
	}

	/**
	 * Return the property by which the application configures the connection itself, if
	 * it does.
	 * @param environment the environment
	 * @return the property's name, or {@code null}
	 */
	@Nullable String configuredByTheApplication(Environment environment) {
		String datasourceUrl = environment.getProperty("spring.datasource.url");
		if (StringUtils.hasText(datasourceUrl) && !isExportedByHerokuBuildpack(datasourceUrl, environment)) {
			return "spring.datasource.url";
		}
		return null;
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

	private static boolean hasCredentialSourceBean(@Nullable ConfigurableListableBeanFactory beanFactory) {
		return beanFactory != null && beanFactory.getBeanNamesForType(CredentialSource.class, true, false).length > 0;
	}

	private ConditionOutcome backOff(ConditionMessage message) {
		logger.debug("Backing off: " + message);
		return ConditionOutcome.noMatch(message);
	}

}
