package io.github.herokupg.credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.herokupg.credentials.source.CommandCredentialSource;
import io.github.herokupg.credentials.source.ConnectionStringNotSetException;
import io.github.herokupg.credentials.source.ConnectionStrings;
import io.github.herokupg.credentials.source.CredentialSource;
import io.github.herokupg.credentials.source.CredentialSourceException;
import io.github.herokupg.credentials.source.EnvironmentCredentialSource;
import io.github.herokupg.credentials.source.FileCredentialSource;
import io.github.herokupg.testsupport.CountingCredentialSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How each source delivers further config vars with its own connection string, and how
 * a {@link SharedFetch} shares one fetch between endpoints.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class FetchWithTests {

	private static final String DIRECT = "postgres://u:p@direct/db";

	private static final String POOLER = "postgres://u:p@pooler/db";

	private static final List<String> POOLER_VARIABLE = List.of("DATABASE_CONNECTION_POOL_URL");

	private final BackgroundTasks tasks = new BackgroundTasks();

	@AfterEach
	void stopBackgroundTasks() {
		this.tasks.close();
	}

	@TempDir
	Path directory;

	@Test
	void environmentAnswersEveryVariableThatIsSet() {
		MockEnvironment environment = new MockEnvironment().withProperty("DATABASE_URL", DIRECT)
			.withProperty("DATABASE_CONNECTION_POOL_URL", POOLER);
		ConnectionStrings strings = new EnvironmentCredentialSource(environment, "DATABASE_URL")
			.fetchWith(List.of("DATABASE_CONNECTION_POOL_URL", "HEROKU_POSTGRESQL_PINK_URL"));
		assertThat(strings.primary()).isEqualTo(DIRECT);
		assertThat(strings.others()).containsExactly(Map.entry("DATABASE_CONNECTION_POOL_URL", POOLER));
	}

	@Test
	void fileReadsFurtherVariablesFromTheFilesBesideIt() throws Exception {
		Path file = Files.writeString(this.directory.resolve("DATABASE_URL"), DIRECT + "\n");
		Files.writeString(this.directory.resolve("DATABASE_CONNECTION_POOL_URL"), POOLER);
		ConnectionStrings strings = new FileCredentialSource(file).fetchWith(POOLER_VARIABLE);
		assertThat(strings.primary()).isEqualTo(DIRECT + "\n");
		assertThat(strings.get("DATABASE_CONNECTION_POOL_URL")).isEqualTo(POOLER);
		assertThat(new FileCredentialSource(file).fetchWith(List.of("OTHER_URL")).others()).isEmpty();
	}

	@Test
	void commandPrintingOneUrlAnswersOnlyItsOwnVariable() {
		ConnectionStrings strings = new CommandCredentialSource("echo '" + DIRECT + "'", Duration.ofSeconds(5), this.tasks)
			.fetchWith(POOLER_VARIABLE);
		assertThat(strings.primary()).isEqualTo(DIRECT + "\n");
		assertThat(strings.others()).isEmpty();
	}

	@Test
	void commandPrintingConfigVarsInShellFormatAnswersSeveral() {
		String output = "printf '%s\\n' \"DATABASE_URL='" + DIRECT + "'\" \"DATABASE_CONNECTION_POOL_URL=" + POOLER
				+ "\" 'PAPERTRAIL_API_TOKEN=xyz'";
		ConnectionStrings strings = new CommandCredentialSource(output, "DATABASE_URL", Duration.ofSeconds(5), this.tasks)
			.fetchWith(POOLER_VARIABLE);
		assertThat(strings.primary()).isEqualTo(DIRECT);
		assertThat(strings.others()).containsExactly(Map.entry("DATABASE_CONNECTION_POOL_URL", POOLER));
	}

	@Test
	void commandPrintingConfigVarsWithoutItsOwnFails() {
		assertThatExceptionOfType(CredentialSourceException.class)
			.isThrownBy(() -> new CommandCredentialSource("echo OTHER_URL=x", "DATABASE_URL", Duration.ofSeconds(5), this.tasks)
				.fetchWith(POOLER_VARIABLE))
			.withMessage("command printed config vars but no DATABASE_URL");
	}

	@Test
	void sharedFetchHandsItsAnswerToTheOtherEndpoint() throws Exception {
		Path file = Files.writeString(this.directory.resolve("DATABASE_URL"), DIRECT);
		Files.writeString(this.directory.resolve("DATABASE_CONNECTION_POOL_URL"), POOLER);
		CountingCredentialSource counting = new CountingCredentialSource(new FileCredentialSource(file));
		SharedFetch fetch = new SharedFetch(counting, "DATABASE_URL", POOLER_VARIABLE, this.tasks);
		CompletableFuture<String> refreshed = new CompletableFuture<>();
		CredentialSource pooler = fetch.source("DATABASE_CONNECTION_POOL_URL");
		fetch.onFetchedByAnother("DATABASE_CONNECTION_POOL_URL", () -> refreshed.complete(pooler.fetch()));
		assertThat(fetch.source("DATABASE_URL").fetch()).isEqualTo(DIRECT);
		assertThat(refreshed.get(10, TimeUnit.SECONDS)).isEqualTo(POOLER);
		assertThat(counting.fetches()).isEqualTo(1);
		assertThat(pooler.location()).isEqualTo(file + " [DATABASE_CONNECTION_POOL_URL]");
		assertThat(pooler.fetch()).isEqualTo(POOLER);
		assertThat(counting.fetches()).isEqualTo(2);
	}

	@Test
	void sharedFetchReportsAVariableThatIsNotSet() throws Exception {
		Path file = Files.writeString(this.directory.resolve("DATABASE_URL"), DIRECT);
		SharedFetch fetch = new SharedFetch(new FileCredentialSource(file), "DATABASE_URL", POOLER_VARIABLE, this.tasks);
		assertThatExceptionOfType(ConnectionStringNotSetException.class)
			.isThrownBy(() -> fetch.source("DATABASE_CONNECTION_POOL_URL").fetch())
			.withMessage("DATABASE_CONNECTION_POOL_URL is not set");
	}

}
