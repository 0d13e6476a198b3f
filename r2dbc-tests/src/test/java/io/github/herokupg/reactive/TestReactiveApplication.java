package io.github.herokupg.reactive;

import io.github.herokupg.test.HerokuPostgresDevServer;

import org.springframework.boot.SpringApplication;

/**
 * Runs the reactive application on a local PostgreSQL configured like Heroku (TLS only,
 * scram passwords, plain TCP rejected), started on the fly when {@code DATABASE_URL} is
 * not set: {@code ./mvnw -pl r2dbc-tests -am spring-boot:test-run}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class TestReactiveApplication {

	private TestReactiveApplication() {
	}

	public static void main(String[] args) {
		SpringApplication.from(ReactiveApplication::main).with(HerokuPostgresDevServer.class).run(args);
	}

}
