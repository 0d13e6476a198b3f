package io.github.herokupg.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Gives the Spring context of a test class annotated with {@link HerokuPostgres} its
 * database's config vars and the {@link HerokuPostgresDatabase} bean.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class HerokuPostgresContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		HerokuPostgres annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, HerokuPostgres.class);
		return (annotation != null) ? new HerokuPostgresContextCustomizer(HerokuPostgresSettings.of(annotation))
				: null;
	}

}
