package io.github.herokupg.test;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Puts the database's config vars first in the environment of a test's context, as a
 * dyno's environment variables are, keeps the test slices from replacing the starter's
 * {@code DataSource}, and registers the {@link HerokuPostgresDatabase} bean.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class HerokuPostgresContextCustomizer implements ContextCustomizer {

	/** The bean name of the handle. */
	static final String BEAN_NAME = "herokuPostgresDatabase";

	private final HerokuPostgresSettings settings;

	HerokuPostgresContextCustomizer(HerokuPostgresSettings settings) {
		this.settings = settings;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
		HerokuPostgresDatabase database = HerokuPostgresDatabase.shared();
		database.provide(this.settings);
		context.getEnvironment()
			.getPropertySources()
			.addFirst(ConfigVarsPropertySource.forTests(database, this.settings.variables()));
		context.getBeanFactory().registerSingleton(BEAN_NAME, database);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof HerokuPostgresContextCustomizer customizer
				&& this.settings.equals(customizer.settings);
	}

	@Override
	public int hashCode() {
		return Objects.hash(HerokuPostgresContextCustomizer.class, this.settings);
	}

}
