package io.github.herokupg.reactive;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import io.github.herokupg.credentials.BackgroundTasks;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.source.CredentialSource;
import io.github.herokupg.jdbc.PostgresConnector;
import io.github.herokupg.r2dbc.CredentialAwareConnectionFactory;
import io.github.herokupg.r2dbc.R2dbcConnectionOptions;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.Gate;
import io.github.herokupg.url.DatabaseUrl;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reactive connection factory while new credentials are being validated: a new
 * connection waits for them instead of logging in with the password they replace.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class CredentialsBeingValidatedTests {

	private final BackgroundTasks tasks = new BackgroundTasks();

	@AfterEach
	void stopBackgroundTasks() {
		this.tasks.close();
	}

	@Test
	void aNewConnectionWaitsForTheCredentialsBeingValidated() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("reactive_validating");
		AtomicReference<String> url = new AtomicReference<>(role.databaseUrl());
		Gate validation = new Gate();
		PostgresConnector connector = new PostgresConnector(Map.of());
		DatabaseCredentials credentials = new DatabaseCredentials(source(url), url.get(),
				(value) -> DatabaseUrl.parse("DATABASE_URL", value), (candidate) -> {
					validation.pass();
					connector.validate(candidate);
				}, Clock.systemUTC(), Duration.ofHours(1), this.tasks, null);
		CredentialAwareConnectionFactory factory = new CredentialAwareConnectionFactory(credentials,
				new R2dbcConnectionOptions(false, UnaryOperator.identity()), true, Duration.ofSeconds(30));
		// the first connection of the JVM sets up the driver and TLS: not what is timed here
		assertThat(currentUser(factory).block(Duration.ofSeconds(30))).isEqualTo(role.name());
		url.set(role.rotate().databaseUrl());
		CompletableFuture<Long> refresh = CompletableFuture.supplyAsync(() -> credentials.refresh().generation());
		validation.awaitArrival(Duration.ofSeconds(10));
		CompletableFuture<String> user = currentUser(factory).toFuture();
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> !user.isDone());
		validation.open();
		assertThat(refresh.get(10, TimeUnit.SECONDS)).isEqualTo(2);
		// README: new credentials are used within 200 ms of their arrival
		assertThat(user.get(200, TimeUnit.MILLISECONDS)).isEqualTo(role.name());
		assertThat(credentials.status().rejections()).as("no login with the replaced password").isZero();
	}

	private static Mono<String> currentUser(CredentialAwareConnectionFactory factory) {
		return Mono.usingWhen(factory.create(),
				(connection) -> Mono.from(connection.createStatement("SELECT current_user").execute())
					.flatMap((result) -> Mono.from(result.map((row, metadata) -> row.get(0, String.class)))),
				Connection::close);
	}

	private static CredentialSource source(AtomicReference<String> url) {
		return new CredentialSource() {

			@Override
			public String fetch() {
				return url.get();
			}

			@Override
			public String type() {
				return "test";
			}

			@Override
			public String location() {
				return "test";
			}

		};
	}

}
