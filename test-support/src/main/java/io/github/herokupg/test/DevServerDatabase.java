package io.github.herokupg.test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link HerokuPostgresDatabase} bean of an application run by
 * {@link HerokuPostgresDevServer}, imported only when the server was started (a member
 * class of the dev server would always be).
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@Configuration(proxyBeanMethods = false)
class DevServerDatabase {

	@Bean
	HerokuPostgresDatabase herokuPostgresDatabase() {
		return HerokuPostgresDatabase.shared();
	}

}
