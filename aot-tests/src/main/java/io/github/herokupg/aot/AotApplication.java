package io.github.herokupg.aot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small application with JPA, Flyway and Actuator on the starter, processed by Spring
 * AOT at build time without {@code DATABASE_URL}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@SpringBootApplication
public class AotApplication {

	public static void main(String[] args) {
		SpringApplication.run(AotApplication.class, args);
	}

}
