package io.github.herokupg.reactive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small reactive application on the R2DBC starter: WebFlux and Spring Data R2DBC, with
 * {@code DATABASE_URL} as its only database setting.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@SpringBootApplication
public class ReactiveApplication {

	public static void main(String[] args) {
		SpringApplication.run(ReactiveApplication.class, args);
	}

}
