package io.github.herokupg.autoconfigure;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * Honours {@code spring.datasource.connection-fetch=lazy} for the starter's pool as
 * Spring Boot 4.1 does for its own: the {@code dataSource} bean is wrapped in a
 * {@link LazyConnectionDataSourceProxy}, so a transaction borrows a pooled connection
 * only when it runs its first statement. The starter keeps the Hikari pool itself to
 * replace its connections after a change; Spring Boot's pool metrics and {@code db}
 * health unwrap the proxy.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.datasource.connection-fetch", havingValue = "lazy")
class LazyConnectionFetchConfiguration {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static LazyConnectionFetchPostProcessor herokuPostgresLazyConnectionFetchPostProcessor() {
		return new LazyConnectionFetchPostProcessor();
	}

	static class LazyConnectionFetchPostProcessor implements BeanPostProcessor, Ordered {

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if ("dataSource".equals(beanName) && bean instanceof DataSource dataSource
					&& !(bean instanceof LazyConnectionDataSourceProxy)) {
				return new LazyConnectionDataSourceProxy(dataSource);
			}
			return bean;
		}

		@Override
		public int getOrder() {
			return 0;
		}

	}

}
