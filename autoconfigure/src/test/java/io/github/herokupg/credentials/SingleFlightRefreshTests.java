package io.github.herokupg.credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.herokupg.credentials.source.FileCredentialSource;
import io.github.herokupg.jdbc.CredentialAwareDataSource;
import io.github.herokupg.jdbc.PostgresConnector;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.CountingCredentialSource;
import io.github.herokupg.url.DatabaseUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads meeting a rotated password at once make exactly one fetch.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class SingleFlightRefreshTests {

	private static final int THREADS = 200;

	/**
	 * 400 TLS and SCRAM handshakes at once keep a two-core machine busy for seconds: the
	 * server forks a backend for each before it answers the SSL request, which pgjdbc
	 * waits for only 5 s by default. This test is about how many fetches the threads
	 * cause, not about how fast the server accepts them.
	 */
	private static final Map<String, String> PATIENT_DRIVER = Map.of("sslResponseTimeout", "120000",
			"connectTimeout", "120");

	@TempDir
	Path directory;

	@Test
	void twoHundredThreadsMeetingARotatedPasswordCauseExactlyOneFetch() throws Exception {
		// no floor between fetches: only the single flight keeps the count at one
		TestRole role = SharedHerokuPostgres.newRole("flight");
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		CountingCredentialSource source = new CountingCredentialSource(new FileCredentialSource(file));
		PostgresConnector connector = new PostgresConnector(PATIENT_DRIVER);
		DatabaseCredentials credentials = new DatabaseCredentials(source,
				(url) -> DatabaseUrl.parse("DATABASE_URL", url), connector, Clock.systemUTC(), Duration.ZERO);
		CredentialAwareDataSource dataSource = new CredentialAwareDataSource(credentials, connector, true);
		Files.writeString(file, role.rotate().databaseUrl());
		ExecutorService executor = Executors.newFixedThreadPool(THREADS);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<String>> users = new ArrayList<>();
			for (int i = 0; i < THREADS; i++) {
				users.add(CompletableFuture.supplyAsync(() -> {
					try {
						start.await();
						try (Connection connection = dataSource.getConnection()) {
							return connection.getMetaData().getUserName();
						}
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}, executor));
			}
			start.countDown();
			CompletableFuture.allOf(users.toArray(CompletableFuture[]::new)).join();
			assertThat(users).allSatisfy((user) -> assertThat(user.join()).isEqualTo(role.name()));
			assertThat(source.fetches()).as("fetches, the first load included").isEqualTo(2);
			assertThat(credentials.current().generation()).isEqualTo(2);
		}
		finally {
			executor.shutdownNow();
		}
	}

}
