package io.github.herokupg.sample;

import io.github.herokupg.test.HerokuPostgresDevServer;

import org.springframework.boot.SpringApplication;

/**
 * Runs the sample on a local PostgreSQL configured like Heroku (TLS only, scram
 * passwords, plain TCP rejected), started on the fly when {@code DATABASE_URL} is not
 * set: {@code ./mvnw -pl sample-app -am spring-boot:test-run}.
 */
public final class TestSampleApplication {

	private TestSampleApplication() {
	}

	public static void main(String[] args) {
		SpringApplication.from(SampleApplication::main)
			.with(HerokuPostgresDevServer.class)
			.run(withArguments(args, "--management.endpoint.health.show-details=always"));
	}

	private static String[] withArguments(String[] args, String... more) {
		String[] all = new String[more.length + args.length];
		System.arraycopy(more, 0, all, 0, more.length);
		System.arraycopy(args, 0, all, more.length, args.length);
		return all;
	}

}
