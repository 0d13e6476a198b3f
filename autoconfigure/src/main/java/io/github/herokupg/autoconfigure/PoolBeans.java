package io.github.herokupg.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Bean definitions of the pools the configuration names (attached databases, followers):
 * each a {@link HikariDataSource} made by a static factory method from a name and a
 * factory bean, closed with the context, and no default candidate, so that everything
 * that takes the single {@code DataSource} keeps the primary one. The names come from
 * configuration, never from a secret, so Spring AOT registers the same beans.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class PoolBeans {

	private PoolBeans() {
	}

	/**
	 * Registers a pool bean for each name the configuration gives.
	 */
	abstract static class Registrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

		private final Class<?> factoryClass;

		private final String factoryBean;

		private @Nullable Environment environment;

		Registrar(Class<?> factoryClass, String factoryBean) {
			this.factoryClass = factoryClass;
			this.factoryBean = factoryBean;
		}

		@Override
		public void setEnvironment(Environment environment) {
			this.environment = environment;
		}

		@Override
		public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
			if (this.environment == null) {
				return;
			}
			for (String name : names(HerokuPostgresProperties.bind(this.environment))) {
				register(registry, beanName(name), this.factoryClass, name, this.factoryBean);
			}
		}

		abstract Iterable<String> names(HerokuPostgresProperties properties);

		abstract String beanName(String name);

	}

	private static void register(BeanDefinitionRegistry registry, String beanName, Class<?> factoryClass, String name,
			String factoryBean) {
		RootBeanDefinition definition = new RootBeanDefinition(factoryClass);
		definition.setFactoryMethodName("dataSource");
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(1, new RuntimeBeanReference(factoryBean));
		definition.setTargetType(HikariDataSource.class);
		definition.setDefaultCandidate(false);
		definition.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD);
		definition.setRole(BeanDefinition.ROLE_APPLICATION);
		registry.registerBeanDefinition(beanName, definition);
	}

	/**
	 * Turn a configured name into camel case: {@code analytics-db} and
	 * {@code analytics_db} both become {@code analyticsDb}.
	 * @param name the name
	 * @return the camel-case name
	 */
	static String camelCase(String name) {
		StringBuilder camel = new StringBuilder();
		boolean upper = false;
		for (char ch : name.toCharArray()) {
			if (ch == '-' || ch == '_') {
				upper = true;
			}
			else {
				camel.append(upper ? Character.toUpperCase(ch) : ch);
				upper = false;
			}
		}
		return camel.toString();
	}

}
