package io.github.herokupg.url;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a parsed {@link DatabaseUrl} hands to pgjdbc and shows to operators, and the
 * translation of libpq parameters, value by value.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class DatabaseUrlTests {

	@Test
	void jdbcUrlCarriesServersAndDatabaseOnly() {
		DatabaseUrl url = parse("postgres://us:secret@h1:5433,h2,[::1]/my%20d%C3%A4tabase?application_name=a");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5433,h2:5432,[::1]:5432/my%20d%C3%A4tabase");
	}

	@Test
	void jdbcUrlWithoutDatabase() {
		assertThat(parse("host=h user=u").jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/");
	}

	@Test
	void jdbcUrlEncodesEverythingButUnreservedCharacters() {
		assertThat(JdbcUrlEncoding.encode("aZ09-._~ /?#%\u00ff\u20ac")).isEqualTo("aZ09-._~%20%2F%3F%23%25%C3%BF%E2%82%AC");
	}

	@Test
	void connectionPropertiesCarryCredentialsSslModeAndParameters() {
		Properties properties = parse("postgres://us:secret@h/db?application_name=notes&sslmode=verify-full")
			.connectionProperties();
		assertThat(properties).containsEntry("user", "us")
			.containsEntry("password", "secret")
			.containsEntry("sslmode", "verify-full")
			.containsEntry("ApplicationName", "notes")
			.containsEntry("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory")
			.hasSize(5);
	}

	@Test
	void verifyModesKeepACaFileOrAFactoryOfTheirOwn() {
		assertThat(parse("postgres://h/db?sslmode=verify-ca&sslrootcert=/ca.crt").connectionProperties())
			.containsEntry("sslrootcert", "/ca.crt")
			.doesNotContainKey("sslfactory");
		assertThat(parse("postgres://h/db?sslmode=verify-ca", new SslSettings(null, "/ca.crt", false))
			.connectionProperties()).doesNotContainKey("sslfactory");
		assertThat(parse("postgres://h/db").connectionProperties()).doesNotContainKey("sslfactory");
	}

	@ParameterizedTest
	@CsvSource({ "postgres://u:p@localhost/db, prefer", "postgres://u:p@127.0.0.1:5433/db, prefer",
			"'postgres://u:p@[::1]/db', prefer", "postgres://u:p@db.example.com/db, require",
			"'postgres://u:p@localhost,db.example.com/db', require",
			"'postgres://u:p@db.example.com,localhost/db', require", "postgres://u:p@localhost/db?sslmode=require, require",
			"postgres://u:p@localhost/db?sslmode=verify-full, verify-full" })
	void plainConnectionsOnlyOnLoopbackAndWhenNoModeIsAskedFor(String url, String mode) {
		assertThat(parse(url, new SslSettings(null, null, false, true)).sslMode()).isEqualTo(SslMode.fromValue(mode));
		assertThat(parse(url, new SslSettings(SslMode.REQUIRE, null, false, true)).sslMode())
			.isNotEqualTo(SslMode.PREFER);
		assertThat(parse(url).sslMode()).isNotEqualTo(SslMode.PREFER);
	}

	@Test
	void connectionPropertiesWithoutCredentials() {
		assertThat(parse("postgres://h/db").connectionProperties()).containsOnlyKeys("sslmode");
	}

	@ParameterizedTest
	@CsvSource({ "u, ***", "ab, ***", "abc, a***", "abcdef, ab****", "abcdefghijklmnop, abcd************" })
	void masksTheUserName(String user, String masked) {
		assertThat(parse("postgres://" + user + "@h/db").maskedUsername()).isEqualTo(masked);
	}

	@Test
	void masksNoUserWhenThereIsNone() {
		assertThat(parse("postgres://h/db").maskedUsername()).isNull();
	}

	@Test
	void toStringShowsNoSecret() {
		assertThat(parse("postgres://abcdef:secret@h:5433/db")).hasToString("postgres://ab****:******@h:5433/db?sslmode=require");
		assertThat(parse("postgres://abcdef@h/db")).hasToString("postgres://ab****@h:5432/db?sslmode=require");
		assertThat(parse("postgres://h/db?sslmode=verify-ca&sslrootcert=/ca.crt"))
			.hasToString("postgres://h:5432/db?sslmode=verify-ca");
	}

	@Test
	void fingerprintTellsCredentialsApart() {
		String fingerprint = parse("postgres://u:one@h/db").fingerprint();
		assertThat(fingerprint).matches("[0-9a-f]{8}").isEqualTo(parse("postgres://u:one@h/db").fingerprint());
		assertThat(parse("postgres://u:two@h/db").fingerprint()).isNotEqualTo(fingerprint);
		assertThat(parse("postgres://v:one@h/db").fingerprint()).isNotEqualTo(fingerprint);
		assertThat(parse("postgres://u:one@g/db").fingerprint()).isNotEqualTo(fingerprint);
		assertThat(parse("postgres://u:one@h/other").fingerprint()).isNotEqualTo(fingerprint);
	}

	@Test
	void strongestSslModeWins() {
		assertThat(SslMode.REQUIRE.strongest(SslMode.VERIFY_FULL)).isEqualTo(SslMode.VERIFY_FULL);
		assertThat(SslMode.VERIFY_CA.strongest(SslMode.REQUIRE)).isEqualTo(SslMode.VERIFY_CA);
		assertThat(SslMode.VERIFY_CA.strongest(SslMode.VERIFY_CA)).isEqualTo(SslMode.VERIFY_CA);
		assertThat(SslMode.VERIFY_FULL.value()).isEqualTo("verify-full");
		assertThat(SslMode.VERIFY_CA).hasToString("verify-ca");
		assertThat(parse("postgres://h/db?sslmode=verify-ca", new SslSettings(SslMode.VERIFY_FULL, null, false))
			.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
		assertThat(parse("postgres://h/db?sslmode=verify-full", new SslSettings(SslMode.REQUIRE, null, false))
			.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
	}

	@Test
	void translatesLibpqParameters() {
		assertThat(parse("postgres://h/db?application_name=a&connect_timeout=-3&keepalives=0&target_session_attrs=read-only"
				+ "&load_balance_hosts=random&channel_binding=require&krbsrvname=k&currentSchema=s")
			.properties()).containsExactlyInAnyOrderEntriesOf(orderedMap("ApplicationName", "a", "connectTimeout", "0",
					"tcpKeepAlive", "false", "targetServerType", "secondary", "loadBalanceHosts", "true",
					"channelBinding", "require", "kerberosServerName", "k", "currentSchema", "s"));
	}

	@ParameterizedTest
	@CsvSource({ "any, any", "read-write, primary", "primary, primary", "read-only, secondary", "standby, secondary",
			"prefer-standby, preferSecondary" })
	void translatesTargetSessionAttrs(String libpq, String pgjdbc) {
		assertThat(parse("postgres://h/db?target_session_attrs=" + libpq).properties())
			.containsEntry("targetServerType", pgjdbc);
	}

	@Test
	void fallbackApplicationNameOnlyWithoutApplicationName() {
		assertThat(parse("postgres://h/db?fallback_application_name=f").properties()).containsEntry("ApplicationName", "f");
		assertThat(parse("postgres://h/db?application_name=a&fallback_application_name=f").properties())
			.containsEntry("ApplicationName", "a");
		assertThat(parse("postgres://h/db?fallback_application_name=f&application_name=a").properties())
			.containsEntry("ApplicationName", "a");
	}

	@Test
	void keywordValueRequiresslAndQuoting() {
		DatabaseUrl url = parse("host=h dbname='my db' user=u password='it\\'s' requiressl=1 keepalives=1");
		assertThat(url.sslMode()).isEqualTo(SslMode.REQUIRE);
		assertThat(url.properties()).containsEntry("tcpKeepAlive", "true");
		assertThat(url.database()).isEqualTo("my db");
		assertThat(url.password()).isEqualTo("it's");
		assertThat(parse("host=h requiressl=0 sslmode=require").sslMode()).isEqualTo(SslMode.REQUIRE);
	}

	@Test
	void namesTheVariableAndTheKindOfProblem() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("MY_URL", "postgres://h/db?sslmode=disable", SslSettings.DEFAULT))
			.satisfies((ex) -> {
				assertThat(ex.getVariable()).isEqualTo("MY_URL");
				assertThat(ex.getKind()).isEqualTo(InvalidDatabaseUrlException.Kind.INSECURE_SSL_MODE);
			});
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("MY_URL", "postgres://h:0/db", SslSettings.DEFAULT))
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(InvalidDatabaseUrlException.Kind.SYNTAX));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			postgres://h/db?a%20b=1            | invalid URI query parameter (not a parameter name): neither libpq nor pgjdbc knows it
			postgres://h/db?nosuch=1           | invalid URI query parameter "nosuch": neither libpq nor pgjdbc knows it
			host=h nosuch=1                    | invalid connection option "nosuch": neither libpq nor pgjdbc knows it
			host=h password=a b=c              | invalid connection option after password (quote values containing spaces: password='a b')
			postgres://h:65536/db              | the port of the host is not a number from 1 to 65535
			postgres://h:0/db                  | the port of the host is not a number from 1 to 65535
			postgres://h:65535/db?port=1,2     | could not match 2 port numbers to 1 hosts
			""")
	void explainsWhatIsWrong(String input, String reason) {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class).isThrownBy(() -> parse(input))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(reason));
	}

	@ParameterizedTest
	@CsvSource({ "postgres://h:1/db, 1", "postgres://h:65535/db, 65535", "postgres://h:05432/db, 5432" })
	void acceptsPortsAtTheBounds(String input, int port) {
		assertThat(parse(input).hosts().get(0).port()).isEqualTo(port);
	}

	private static Map<String, String> orderedMap(String... entries) {
		Map<String, String> map = new java.util.LinkedHashMap<>();
		for (int i = 0; i < entries.length; i += 2) {
			map.put(entries[i], entries[i + 1]);
		}
		return map;
	}

	private static DatabaseUrl parse(String value) {
		return DatabaseUrl.parse("DATABASE_URL", value, new SslSettings(null, null, false));
	}

	private static DatabaseUrl parse(String value, SslSettings ssl) {
		return DatabaseUrl.parse("DATABASE_URL", value, ssl);
	}

}
