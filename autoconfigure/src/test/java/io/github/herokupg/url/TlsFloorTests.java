package io.github.herokupg.url;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of the TLS floor at the parser: the parameters that could undo it are refused in
 * both forms of a connection string, {@code verify-ca} with only the JVM's trust is raised
 * to {@code verify-full}, and only loopback literals count as this machine.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class TlsFloorTests {

	private static final List<String> REFUSED_IN_CONNECTION_STRINGS = List.of("sslfactory", "sslfactoryarg",
			"sslhostnameverifier", "sslpasswordcallback", "authenticationPluginClassName", "service");

	@ParameterizedTest
	@ValueSource(strings = { "sslfactory=org.postgresql.ssl.NonValidatingFactory", "sslfactoryarg=x",
			"sslhostnameverifier=com.example.AcceptAll", "sslpasswordcallback=com.example.Callback",
			"authenticationPluginClassName=com.example.Plugin", "service=elsewhere" })
	void refusesParametersThatCouldUndoTheFloorInAUri(String parameter) {
		String name = parameter.substring(0, parameter.indexOf('='));
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("DATABASE_URL",
					"postgres://user:s3cret@db.example.com/db?sslmode=verify-full&" + parameter,
					new SslSettings(SslMode.VERIFY_FULL, null, false)))
			.satisfies((ex) -> {
				assertThat(ex.getKind()).isEqualTo(InvalidDatabaseUrlException.Kind.REFUSED_PARAMETER);
				assertThat(ex.getMessage()).contains("parameter \"" + name + "\" is refused").doesNotContain("s3cret");
			});
	}

	@Test
	void refusesTheSameParametersInKeywordValueForm() {
		for (String name : REFUSED_IN_CONNECTION_STRINGS) {
			assertThatExceptionOfType(InvalidDatabaseUrlException.class)
				.isThrownBy(() -> DatabaseUrl.parse("DATABASE_URL",
						"host=db.example.com dbname=db user=u password=s3cret " + name + "=x"))
				.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(InvalidDatabaseUrlException.Kind.REFUSED_PARAMETER))
				.withMessageNotContaining("s3cret");
		}
	}

	@Test
	void everyRefusedNameIsRefusedAsADriverPropertyInAnyCase() {
		for (String name : DriverPropertyPolicy.refusedNames()) {
			assertThat(DriverPropertyPolicy.refusalInDriverProperties(name)).as(name).isNotNull();
			assertThat(DriverPropertyPolicy.refusalInDriverProperties(name.toUpperCase(java.util.Locale.ROOT)))
				.as(name)
				.isNotNull();
		}
		assertThat(DriverPropertyPolicy.refusedNames()).contains("sslfactory", "sslhostnameverifier", "user",
				"password", "sslmode", "ssl", "authenticationpluginclassname", "sslpasswordcallback", "sslfactoryarg");
		assertThat(DriverPropertyPolicy.refusalInDriverProperties("ApplicationName")).isNull();
		assertThat(DriverPropertyPolicy.refusalInDriverProperties("sslrootcert")).isNull();
	}

	@Test
	void raisesVerifyCaToVerifyFullWhenOnlyTheJvmTrustStoreWouldVerify() {
		DatabaseUrl fromUrl = DatabaseUrl.parse("DATABASE_URL", "postgres://u:p@db.example.com/db?sslmode=verify-ca");
		assertThat(fromUrl.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
		assertThat(fromUrl.sslModeRaised()).isTrue();
		DatabaseUrl fromProperty = DatabaseUrl.parse("DATABASE_URL", "postgres://u:p@db.example.com/db",
				new SslSettings(SslMode.VERIFY_CA, null, false));
		assertThat(fromProperty.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
		DatabaseUrl bundleWithoutTrustStore = DatabaseUrl.parse("DATABASE_URL", "postgres://u:p@db.example.com/db",
				new SslSettings(SslMode.VERIFY_CA, null, false, false, SslSettings.BundleTrust.JVM_TRUST));
		assertThat(bundleWithoutTrustStore.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
	}

	@Test
	void keepsVerifyCaWhenACaOfItsOwnVerifies() {
		assertThat(DatabaseUrl.parse("DATABASE_URL", "postgres://u:p@h/db?sslmode=verify-ca&sslrootcert=/ca.crt")
			.sslMode()).isEqualTo(SslMode.VERIFY_CA);
		assertThat(DatabaseUrl.parse("DATABASE_URL", "postgres://u:p@h/db", new SslSettings(SslMode.VERIFY_CA,
				"/ca.crt", false)).sslModeRaised()).isFalse();
		assertThat(DatabaseUrl.parse("DATABASE_URL", "postgres://u:p@h/db",
				new SslSettings(SslMode.VERIFY_CA, null, false, false, SslSettings.BundleTrust.TRUST_STORE))
			.sslMode()).isEqualTo(SslMode.VERIFY_CA);
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.1.2.3", "localhost", "[::1]" })
	void theHerokuCiExceptionTakesLoopbackLiterals(String host) {
		assertThat(DatabaseUrl.parse("DATABASE_URL", "postgres://u:p@" + host + ":5432/db", herokuCi()).sslMode())
			.isEqualTo(SslMode.PREFER);
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.attacker.example", "127.0.0.1.attacker.example", "127.0.0.256", "localhost.example",
			"127.0.0", "0127.0.0.1" })
	void theHerokuCiExceptionRefusesNamesThatOnlyLookLikeLoopback(String host) {
		assertThat(DatabaseUrl.parse("DATABASE_URL", "postgres://u:p@" + host + ":5432/db", herokuCi()).sslMode())
			.isEqualTo(SslMode.REQUIRE);
	}

	@Test
	void theParsedKeywordsShowNoValue() {
		assertThat(ConnectionString.parse("postgres://user:hunter2x@h/db?sslpassword=k3y").toString())
			.doesNotContain("hunter2x")
			.doesNotContain("k3y")
			.contains("password");
	}

	private static SslSettings herokuCi() {
		return new SslSettings(null, null, false, true);
	}

}
