package io.github.herokupg.credentials;

import java.util.Map;

import io.github.herokupg.credentials.source.ConnectionStrings;
import io.github.herokupg.url.DatabaseUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Secrets} and for the types that hold secrets: every kind of secret a
 * command line, a standard error or a driver message can carry is masked, and no
 * {@code toString} shows one.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class SecretsTests {

	@ParameterizedTest
	@ValueSource(strings = { "PGPASSWORD=hunter2x", "pgpassword=hunter2x", "HEROKU_API_KEY=hunter2x",
			"--token hunter2x", "--token=hunter2x", "--api-key hunter2x", "Authorization: Bearer hunter2x",
			"bearer hunter2x", "password='hunter2x'", "Password: hunter2x", "\"client_secret\": \"hunter2x\"",
			"postgres://user:hunter2x@host/db", "sslpassword = hunter2x", "-p hunter2x", "Basic hunter2x" })
	void masksSecretsOfEveryKindWhateverTheirCase(String text) {
		assertThat(Secrets.maskConnectionStrings("error: " + text + " (exit 1)")).doesNotContain("hunter2x")
			.contains("******")
			.startsWith("error: ");
	}

	@Test
	void leavesPlainWordsAlone() {
		assertThat(Secrets.maskConnectionStrings("could not connect to server: Connection refused"))
			.isEqualTo("could not connect to server: Connection refused");
	}

	@Test
	void masksTheUserNameAsTheEndpointShowsIt() {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgres://uabcdefghijklm:pw1234@h/db");
		assertThat(Secrets.mask("FATAL: password authentication failed for user \"uabcdefghijklm\"", url))
			.isEqualTo("FATAL: password authentication failed for user \"" + url.maskedUsername() + "\"");
		DatabaseUrl shortName = DatabaseUrl.parse("DATABASE_URL", "postgres://bob:pw1234@h/db");
		assertThat(Secrets.mask("for user \"bob\", bobsled", shortName)).isEqualTo("for user \"" + shortName.maskedUsername()
				+ "\", bobsled");
	}

	@Test
	void typesThatHoldConnectionStringsShowNoneOfThem() {
		String url = "postgres://user:hunter2x@host/db";
		assertThat(new ConnectionStrings(url, Map.of("DATABASE_CONNECTION_POOL_URL", url)).toString())
			.doesNotContain("hunter2x")
			.contains("DATABASE_CONNECTION_POOL_URL");
		assertThat(DatabaseUrl.parse("DATABASE_URL", url).toString()).doesNotContain("hunter2x");
	}

}
