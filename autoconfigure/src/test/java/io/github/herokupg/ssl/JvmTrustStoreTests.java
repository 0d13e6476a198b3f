package io.github.herokupg.ssl;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code verify-full} without a CA file verifies against the JVM's default trust store,
 * as Enhanced Certificates (chained to public roots) need: a JVM of its own gets a trust
 * store holding the test CA through {@code javax.net.ssl.trustStore}, the real default
 * path, and connects; the same JVM without it is refused.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class JvmTrustStoreTests {

	@TempDir
	Path directory;

	@Test
	void verifyFullWithoutACaFileUsesTheJvmTrustStore() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("jvm_trust");
		Path trustStore = trustStoreWith(SharedHerokuPostgres.get().caCertificate());
		Result trusted = probe(role.databaseUrl(), "-Djavax.net.ssl.trustStore=" + trustStore,
				"-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12");
		assertThat(trusted.exitCode()).as(trusted.output()).isZero();
		assertThat(trusted.output()).contains("ssl=true");
		Result untrusted = probe(role.databaseUrl());
		assertThat(untrusted.exitCode()).isNotZero();
		assertThat(untrusted.output()).contains("PKIX").doesNotContain(role.password());
	}

	private Path trustStoreWith(Path caCertificate) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		try (InputStream in = Files.newInputStream(caCertificate)) {
			store.setCertificateEntry("test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
		}
		Path file = this.directory.resolve("truststore.p12");
		try (OutputStream out = Files.newOutputStream(file)) {
			store.store(out, "changeit".toCharArray());
		}
		return file;
	}

	private static Result probe(String url, String... jvmArguments) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of(jvmArguments));
		command.addAll(List.of("-cp", System.getProperty("java.class.path"),
				JvmTrustStoreProbe.class.getName(), url));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), output);
	}

	private record Result(int exitCode, String output) {

	}

}
