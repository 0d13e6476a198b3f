package io.github.herokupg.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small notes service on Heroku Postgres: set {@code DATABASE_URL} and run.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
