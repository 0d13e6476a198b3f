package io.github.herokupg.pooler;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A JPA and Flyway application on the starter, as teams that attach Heroku's connection
 * pooler run them.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration(exclude = LiquibaseAutoConfiguration.class)
public class PoolerApplication {

	private static final AtomicInteger runs = new AtomicInteger();

	static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(PoolerApplication.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "spring.flyway.locations=classpath:db/pooler",
					"spring.jpa.hibernate.ddl-auto=validate", "spring.jpa.open-in-view=false",
					"spring.datasource.hikari.maximum-pool-size=8",
					"spring.datasource.hikari.pool-name=pooler-" + runs.incrementAndGet())
			.properties(properties)
			.run();
	}

}
