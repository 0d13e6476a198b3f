package io.github.herokupg.benchmarks;

import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the two pools under comparison the way applications get them: the starter's
 * (from {@code DATABASE_URL}) and Spring Boot's own (from {@code spring.datasource.*}).
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class PoolContexts {

	private PoolContexts() {
	}

	/**
	 * Start a context with the starter's pool ({@code starter}) or Spring Boot's own
	 * (any other variant).
	 */
	static ConfigurableApplicationContext start(String variant, int poolSize) {
		String[] common = { "spring.main.banner-mode=off", "logging.level.root=WARN",
				"spring.datasource.hikari.maximum-pool-size=" + poolSize,
				"spring.datasource.hikari.minimum-idle=" + poolSize };
		SpringApplicationBuilder builder = new SpringApplicationBuilder(PoolConfiguration.class)
			.web(WebApplicationType.NONE)
			.properties(common);
		if (variant.equals("starter")) {
			builder.properties("DATABASE_URL=" + BenchmarkDatabase.role().databaseUrl());
		}
		else {
			builder.properties(BenchmarkDatabase.springDatasourceProperties());
		}
		return builder.run();
	}

	/**
	 * Prepare a context with the starter's pool whose URL comes from a file source, as
	 * the rotation benchmarks rotate it.
	 */
	static SpringApplicationBuilder fileSourced(Path file, int poolSize) {
		return new SpringApplicationBuilder(PoolConfiguration.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "logging.level.root=WARN", "heroku.postgres.source.type=file",
					"heroku.postgres.source.file=" + file, "spring.datasource.hikari.maximum-pool-size=" + poolSize);
	}

	/**
	 * Prepare a context with the starter's pool and the given source properties, and
	 * Spring Boot's defaults otherwise (as a new user has them).
	 */
	static SpringApplicationBuilder sourced(String... sourceProperties) {
		return new SpringApplicationBuilder(PoolConfiguration.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "logging.level.root=WARN")
			.properties(sourceProperties);
	}

	static HikariDataSource pool(ConfigurableApplicationContext context) {
		return context.getBean(HikariDataSource.class);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ HerokuPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class })
	static class PoolConfiguration {

	}

}
