package io.github.herokupg.credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.github.herokupg.credentials.RefreshResult.Outcome;
import io.github.herokupg.credentials.source.CommandCredentialSource;
import io.github.herokupg.credentials.source.CredentialSource;
import io.github.herokupg.credentials.source.FileCredentialSource;
import io.github.herokupg.credentials.source.HerokuApiCredentialSource;
import io.github.herokupg.credentials.source.TimeBoundedCredentialSource;
import io.github.herokupg.jdbc.PostgresConnector;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.FakeHerokuApi;
import io.github.herokupg.testsupport.SuppliedCredentialSource;
import io.github.herokupg.url.DatabaseUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each failure mode of each source: the fetch fails with a specific message, the last
 * good credentials stay current and the status says what failed. New credentials are
 * validated against the real database before they become current.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class CredentialSourceFailureTests {

	private static final Function<String, DatabaseUrl> PARSER = (url) -> DatabaseUrl.parse("DATABASE_URL", url);

	private final BackgroundTasks tasks = new BackgroundTasks();

	@AfterEach
	void stopBackgroundTasks() {
		this.tasks.close();
	}

	@TempDir
	Path directory;

	private TestRole role;

	private FakeHerokuApi api;

	@BeforeEach
	void setUp() {
		this.role = SharedHerokuPostgres.newRole("sources");
		this.api = FakeHerokuApi.start("my-app");
	}

	@AfterEach
	void tearDown() {
		this.api.close();
	}

	@Test
	void fileSourceKeepsLastGoodCredentialsWhenFileIsMissingEmptyOrHalfWritten() throws Exception {
		Path file = Files.writeString(this.directory.resolve("url"), this.role.databaseUrl() + "\n");
		DatabaseCredentials credentials = credentials(new FileCredentialSource(file));
		Files.writeString(file, "  \n");
		assertFailed(credentials, "file " + file + " is empty");
		Files.writeString(file, this.role.databaseUrl().substring(0, this.role.databaseUrl().indexOf('@') + 1));
		assertFailed(credentials, "fetch from file source failed: DATABASE_URL is not a usable");
		Files.delete(file);
		assertFailed(credentials, "does not exist");
	}

	@Test
	void herokuApiSourceSendsTokenAndReadsConfigVar() {
		this.api.serve("DATABASE_URL", this.role.databaseUrl());
		DatabaseCredentials credentials = credentials(herokuApi(Duration.ofSeconds(5)));
		assertThat(credentials.current().url().username()).isEqualTo(this.role.name());
		assertThat(this.api.lastHeader("Authorization")).isEqualTo("Bearer test-token");
		assertThat(this.api.lastHeader("Accept")).isEqualTo("application/vnd.heroku+json; version=3");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			401 | {"id":"unauthorized"}         | rejected the token (401 Unauthorized)
			403 | {"id":"forbidden"}            | may not read the config vars of app my-app (403
			404 | {"id":"not_found"}            | knows no app my-app (404
			429 | {"id":"rate_limit"}           | rate limit reached (429
			503 | {"id":"unavailable"}          | answered 503 (server error)
			200 | <html>maintenance</html>      | not a JSON object
			200 | {"OTHER_URL":"postgres://x"}  | app my-app has no config var DATABASE_URL
			""")
	void herokuApiSourceReportsEachFailure(int status, String body, String message) {
		this.api.serve("DATABASE_URL", this.role.databaseUrl());
		DatabaseCredentials credentials = credentials(herokuApi(Duration.ofSeconds(5)));
		this.api.answer(status, body);
		assertFailed(credentials, message);
	}

	@Test
	void herokuApiSourceTimesOut() {
		this.api.serve("DATABASE_URL", this.role.databaseUrl());
		DatabaseCredentials credentials = credentials(herokuApi(Duration.ofMillis(300)));
		this.api.hang();
		assertFailed(credentials, "within 300ms");
	}

	@Test
	void commandSourceReportsExitStatusWithMaskedStandardError() throws Exception {
		Path file = Files.writeString(this.directory.resolve("url"), this.role.databaseUrl());
		DatabaseCredentials credentials = credentials(new CommandCredentialSource("cat " + file, Duration.ofSeconds(5), this.tasks));
		assertThat(credentials.current().url().username()).isEqualTo(this.role.name());
		Files.writeString(this.directory.resolve("fail.sh"),
				"echo \"cannot reach postgres://u:" + this.role.password() + "@h/db\" >&2; exit 3");
		CommandCredentialSource failing = new CommandCredentialSource("sh " + this.directory.resolve("fail.sh"),
				Duration.ofSeconds(5), this.tasks);
		DatabaseCredentials failingCredentials = credentialsStartingFrom(file, failing);
		RefreshResult result = failingCredentials.refresh();
		assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(result.reason()).contains("exited with status 3: cannot reach postgres://u:******@h/db")
			.doesNotContain(this.role.password());
	}

	@Test
	void commandSourceTimesOutAndReportsEmptyOutput() throws Exception {
		Path file = Files.writeString(this.directory.resolve("url"), this.role.databaseUrl());
		assertFailed(credentialsStartingFrom(file, new CommandCredentialSource("sleep 10", Duration.ofMillis(200), this.tasks)),
				"timed out after 200ms");
		assertFailed(credentialsStartingFrom(file, new CommandCredentialSource("true", Duration.ofSeconds(5), this.tasks)),
				"command printed nothing");
	}

	@Test
	void newCredentialsThatTheDatabaseRejectsDoNotBecomeCurrent() throws Exception {
		Path file = Files.writeString(this.directory.resolve("url"), this.role.databaseUrl());
		DatabaseCredentials credentials = credentials(new FileCredentialSource(file));
		Files.writeString(file, this.role.server().databaseUrl(this.role.name(), "not-the-password"));
		assertFailed(credentials, "the database did not accept the new credentials (SQL state 28P01)");
		assertThat(credentials.status().lastError()).as("the user name, masked as the endpoint shows it")
			.doesNotContain(this.role.name())
			.contains(credentials.current().url().maskedUsername());
		Files.writeString(file, this.role.rotate().databaseUrl());
		assertThat(credentials.refresh().outcome()).isEqualTo(Outcome.CHANGED);
		assertThat(credentials.status().consecutiveFailures()).isZero();
		assertThat(credentials.status().lastError()).isNull();
	}

	private void assertFailed(DatabaseCredentials credentials, String message) {
		CredentialsSnapshot before = credentials.current();
		RefreshResult result = credentials.refresh();
		assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(result.reason()).contains(message);
		assertThat(credentials.current()).isSameAs(before);
		assertThat(credentials.status().lastError()).contains(message);
		assertThat(credentials.status().consecutiveFailures()).isPositive();
		assertThat(result.reason()).doesNotContain(this.role.password()).doesNotContain("test-token");
	}

	private CredentialSource herokuApi(Duration timeout) {
		return new TimeBoundedCredentialSource(new HerokuApiCredentialSource(this.api.baseUrl(), "my-app",
				"test-token", "DATABASE_URL", timeout), timeout.plusSeconds(1), this.tasks);
	}

	private DatabaseCredentials credentialsStartingFrom(Path file, CredentialSource later) {
		FileCredentialSource first = new FileCredentialSource(file);
		AtomicBoolean loaded = new AtomicBoolean();
		CredentialSource switching = new SuppliedCredentialSource(later.type(),
				() -> loaded.getAndSet(true) ? later.fetch() : first.fetch());
		return credentials(switching);
	}

	private static DatabaseCredentials credentials(CredentialSource source) {
		return new DatabaseCredentials(source, PARSER, new PostgresConnector(Map.of()), Clock.systemUTC(),
				Duration.ofMillis(100));
	}

}
