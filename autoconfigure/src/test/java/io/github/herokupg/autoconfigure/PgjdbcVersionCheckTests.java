package io.github.herokupg.autoconfigure;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.Driver;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PgjdbcVersionCheck}: the warning is the behaviour.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class PgjdbcVersionCheckTests {

	@ParameterizedTest
	@ValueSource(strings = { "42.7.11", "42.7.4", "PostgreSQL JDBC Driver 42.7.11", "42.6.2", "42.2.28.jre7" })
	void warnsBefore42712(String version) {
		assertThat(PgjdbcVersionCheck.warningFor(version)).contains("CVE-2026-54291")
			.contains("42.7.12 or later")
			.contains("postgresql.version");
	}

	@ParameterizedTest
	@ValueSource(strings = { "42.7.12", "42.7.14", "PostgreSQL JDBC Driver 42.7.14", "42.8.0", "43.0.0", "unknown" })
	void acceptsFixedVersions(String version) {
		assertThat(PgjdbcVersionCheck.warningFor(version)).isNull();
	}

	@Test
	@SuppressWarnings("deprecation") // the running driver's version, as the check reads it
	void staysQuietWithTheDriverTheBuildManages(CapturedOutput output) {
		assertThat(PgjdbcVersionCheck.warningFor(Driver.getVersion())).isNull();
		PgjdbcVersionCheck.warnIfVulnerable();
		assertThat(output).doesNotContain("CVE-2026-54291");
	}

	@Test
	void warnsOnceWithAVulnerableDriverOnTheClassPath(CapturedOutput output) throws Exception {
		URL driver = Path.of("target", "pgjdbc", "postgresql-vulnerable.jar").toUri().toURL();
		URL classes = PgjdbcVersionCheck.class.getProtectionDomain().getCodeSource().getLocation();
		try (URLClassLoader loader = new DriverFirstClassLoader(new URL[] { driver, classes },
				getClass().getClassLoader())) {
			Method check = loader.loadClass(PgjdbcVersionCheck.class.getName()).getDeclaredMethod("warnIfVulnerable");
			check.setAccessible(true);
			check.invoke(null);
		}
		assertThat(output.toString().lines().filter((line) -> line.contains("CVE-2026-54291"))).singleElement()
			.asString()
			.contains("WARN")
			.contains("is 42.7.11")
			.contains("postgresql.version");
	}

	/**
	 * Loads pgjdbc and the check from its own URLs, everything else (logging) from the
	 * test's class loader, as if the application had an older driver.
	 */
	private static final class DriverFirstClassLoader extends URLClassLoader {

		DriverFirstClassLoader(URL[] urls, ClassLoader parent) {
			super(urls, parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (!name.startsWith("org.postgresql.") && !name.equals(PgjdbcVersionCheck.class.getName())) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				return (loaded != null) ? loaded : findClass(name);
			}
		}

	}

}
