package io.github.herokupg.test;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Runs an application at development time on the Heroku-like database of
 * {@link HerokuPostgres}, from a {@code TestApplication} in the test sources:
 * <pre class="code">
 * SpringApplication.from(Application::main).with(HerokuPostgresDevServer.class).run(args);
 * </pre>
 * started with {@code ./mvnw spring-boot:test-run}. When {@code DATABASE_URL} is already
 * set, the application uses it and no server is started. The
 * {@link HerokuPostgresDatabase} is a bean, so a development endpoint can rotate the
 * credentials or move the database to watch the application follow.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@Configuration(proxyBeanMethods = false)
@Import(HerokuPostgresDevServer.Provisioner.class)
public class HerokuPostgresDevServer {

	/**
	 * Create the configuration; Spring does, from {@code with(HerokuPostgresDevServer.class)}.
	 */
	public HerokuPostgresDevServer() {
	}

	/**
	 * Starts the database and sets its config var while the application's configuration
	 * classes are read, so that the auto-configuration's conditions, evaluated after
	 * them, see {@code DATABASE_URL}.
	 */
	static final class Provisioner implements ImportSelector, EnvironmentAware {

		private static final Log logger = LogFactory.getLog(HerokuPostgresDevServer.class);

		private @Nullable Environment environment;

		@Override
		public void setEnvironment(Environment environment) {
			this.environment = environment;
		}

		@Override
		public String[] selectImports(AnnotationMetadata metadata) {
			if (!(this.environment instanceof ConfigurableEnvironment environment)) {
				throw new IllegalStateException("HerokuPostgresDevServer needs a ConfigurableEnvironment");
			}
			if (environment.containsProperty(HerokuPostgresDatabase.DATABASE_URL)) {
				logger.info("DATABASE_URL is set: using it, no Heroku-like database started");
				return new String[0];
			}
			HerokuPostgresDatabase database = HerokuPostgresDatabase.shared();
			environment.getPropertySources()
				.addFirst(ConfigVarsPropertySource.forDevelopment(database,
						List.of(HerokuPostgresDatabase.DATABASE_URL)));
			logger.info("Started a Heroku-like PostgreSQL for development in " + database.startTime().toMillis()
					+ " ms: " + database);
			return new String[] { DevServerDatabase.class.getName() };
		}

	}

}
