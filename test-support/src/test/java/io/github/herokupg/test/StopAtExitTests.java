package io.github.herokupg.test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.herokupg.test.server.SharedHerokuPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests that the shared server outlives the application contexts at JVM exit: a context
 * whose beans use the database while it closes (as Hibernate's {@code create-drop} does)
 * does so on a running server, and the JVM exits at once instead of after a pool's
 * connection timeout; and a JVM without Spring Boot leaves no server running. Each runs
 * in a JVM of its own, as the exit is what is tested.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class StopAtExitTests {

	private static final String DONE = "closed with the database up";

	private static final String EXIT_AT = "exit at ";

	private static final String PORT = "port ";

	@Test
	void stopsTheSharedServerAfterTheContextsThatUseIt() throws IOException, InterruptedException {
		Process child = child(Application.class);
		// a closing bean that waited for a stopped server would keep the child 30 s longer
		boolean exited = child.waitFor(60, TimeUnit.SECONDS);
		long ended = System.currentTimeMillis();
		if (!exited) {
			child.destroyForcibly();
		}
		String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(exited).as(output).isTrue();
		assertThat(child.exitValue()).as(output).isZero();
		assertThat(output).contains(DONE);
		long exitStarted = Long.parseLong(output.lines()
			.filter((line) -> line.startsWith(EXIT_AT))
			.findFirst()
			.orElseThrow(() -> new AssertionError(output))
			.substring(EXIT_AT.length()));
		assertThat(ended - exitStarted).as("from System.exit to the JVM gone, ms").isLessThan(15_000);
	}

	@Test
	void stopsTheServerOfAJvmWithoutSpringBoot() throws IOException, InterruptedException {
		Process child = child(PlainJdbc.class);
		assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(child.exitValue()).as(output).isZero();
		int port = Integer.parseInt(output.lines()
			.filter((line) -> line.startsWith(PORT))
			.findFirst()
			.orElseThrow(() -> new AssertionError(output))
			.substring(PORT.length()));
		// the JVM is gone: no server may be left listening
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> new Socket("127.0.0.1", port).close());
	}

	private static Process child(Class<?> main) throws IOException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), main.getName())
			.redirectErrorStream(true)
			.start();
	}

	/**
	 * A JVM that uses the shared server with plain JDBC, no Spring Boot application in it.
	 */
	static class PlainJdbc {

		public static void main(String[] args) throws SQLException {
			try (Connection connection = SharedHerokuPostgres.get().adminDataSource().getConnection()) {
				connection.createStatement().execute("SELECT 1");
			}
			System.out.println(PORT + SharedHerokuPostgres.get().port());
			System.exit(0);
		}

	}

	/**
	 * The application in the child JVM: a context with a bean that needs the database while
	 * it closes, then {@code System.exit} as a test runner ends.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Application {

		public static void main(String[] args) {
			SharedHerokuPostgres.get();
			SpringApplication application = new SpringApplication(Application.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			application.run(args);
			System.out.println(EXIT_AT + System.currentTimeMillis());
			System.exit(0);
		}

		@Bean(destroyMethod = "close")
		SchemaDropper schemaDropper() {
			return new SchemaDropper();
		}

	}

	/**
	 * Works on the database for a second at close, and starts again on a new connection
	 * when that fails, for up to 30 s, as a pool's connection timeout allows.
	 */
	static class SchemaDropper {

		void close() throws InterruptedException {
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (System.nanoTime() < deadline) {
				try (Connection connection = SharedHerokuPostgres.get().adminDataSource().getConnection()) {
					connection.createStatement().execute("SELECT pg_sleep(1)");
					System.out.println(DONE);
					return;
				}
				catch (SQLException ex) {
					// a pool's back-off between two attempts to connect
					Thread.sleep(100);
				}
			}
			System.out.println("the database was gone");
		}

	}

}
