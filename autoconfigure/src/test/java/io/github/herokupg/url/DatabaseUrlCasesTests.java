package io.github.herokupg.url;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Runs the libpq connection-string cases of {@code database-url-cases.tsv} (see
 * {@code database-url-rules.md} beside it) against both parsing stages.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class DatabaseUrlCasesTests {

	private static final List<String> AUTHORITY_KEYWORDS = List.of("host", "port", "dbname", "user", "password");

	static Stream<DatabaseUrlCase> acceptedCases() {
		return DatabaseUrlCase.load().stream().filter(DatabaseUrlCase::accepted);
	}

	static Stream<DatabaseUrlCase> refusedCases() {
		return DatabaseUrlCase.load().stream().filter((testCase) -> !testCase.accepted());
	}

	static Stream<DatabaseUrlCase> policyRejections() {
		return refusedCases().filter(DatabaseUrlCase::policyRejection);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("acceptedCases")
	void parsesWhatLibpqParses(DatabaseUrlCase testCase) {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", testCase.input());
		assertThat(url.hosts().stream().map(HostAndPort::toString).collect(Collectors.joining(",")))
			.isEqualTo(testCase.hosts());
		assertThat(orEmpty(url.database())).isEqualTo(testCase.database());
		assertThat(orEmpty(url.username())).isEqualTo(testCase.user());
		assertThat(orEmpty(url.password())).isEqualTo(testCase.password());
		ConnectionString firstStage = ConnectionString.parse(testCase.input().strip());
		assertThat(firstStage.uri()).isEqualTo(testCase.kind().equals("uri"));
		assertThat(params(firstStage.keywords())).isEqualTo(testCase.params());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedCases")
	void refusesWithoutRevealingSecrets(DatabaseUrlCase testCase) {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", testCase.input()))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).startsWith("DATABASE_URL ");
				if (!testCase.input().isBlank()) {
					assertThat(ex.getMessage()).doesNotContain(testCase.input().strip());
				}
				// a password of a few characters is bound to occur in any sentence
				if (testCase.password().length() >= 4) {
					assertThat(ex.getMessage()).doesNotContain(testCase.password());
				}
			});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("policyRejections")
	void firstStageReadsPolicyRejectionsAsLibpqDoes(DatabaseUrlCase testCase) {
		ConnectionString firstStage = ConnectionString.parse(testCase.input().strip());
		assertThat(firstStage.servers().stream().map(DatabaseUrlCasesTests::server).collect(Collectors.joining(",")))
			.isEqualTo(testCase.hosts());
		assertThat(orEmpty(firstStage.get("dbname"))).isEqualTo(testCase.database());
		assertThat(orEmpty(firstStage.get("user"))).isEqualTo(testCase.user());
		assertThat(orEmpty(firstStage.get("password"))).isEqualTo(testCase.password());
		assertThat(params(firstStage.keywords())).isEqualTo(testCase.params());
	}

	private static String server(ConnectionString.Server server) {
		String host = server.host().isEmpty() ? "(local)" : server.host();
		host = (host.indexOf(':') >= 0) ? "[" + host + "]" : host;
		return host + ":" + (server.port().isEmpty() ? "5432" : server.port());
	}

	private static String params(Map<String, String> keywords) {
		return keywords.entrySet()
			.stream()
			.filter((entry) -> !AUTHORITY_KEYWORDS.contains(entry.getKey()))
			.map((entry) -> entry.getKey() + "=" + entry.getValue().replace(";", "\\;"))
			.collect(Collectors.joining(";"));
	}

	private static String orEmpty(String value) {
		return (value != null) ? value : "";
	}

}
