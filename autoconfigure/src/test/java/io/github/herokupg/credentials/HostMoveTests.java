package io.github.herokupg.credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;
import io.github.herokupg.test.server.HerokuLikePostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.FakeHerokuApi;
import io.github.herokupg.testsupport.HostMoveDrill;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database that moves to another host, or restarts, while the application writes:
 * with the default refresh settings the failing endpoint asks its source, so the first
 * write on the new host follows the new URL within seconds (README promises 15 s at
 * most) for the file, the command and the Platform API sources; after a restart on the
 * same host writes succeed within 2 s of the server accepting connections, and no
 * acknowledged write is lost.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@Timeout(300)
class HostMoveTests {

	private static final Duration MOVE_BOUND = Duration.ofSeconds(15);

	private static final Duration RESTART_BOUND = Duration.ofSeconds(2);

	private static final Duration CLOSE_BOUND = Duration.ofSeconds(3);

	private static HerokuLikePostgres server;

	private static TestRole role;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HerokuPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class))
		.withPropertyValues("spring.datasource.hikari.maximum-pool-size=4");

	@TempDir
	Path directory;

	@BeforeAll
	static void startServer() {
		server = HerokuLikePostgres.startMovable();
		role = server.newRole("mover", TestRole.randomPassword());
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void followsAMoveFoundThroughTheFileSource() throws Exception {
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		assertMovesFollowed(HostMoveDrill.inFile(file), "heroku.postgres.source.type=file",
				"heroku.postgres.source.file=" + file);
	}

	@Test
	void followsAMoveFoundThroughTheCommandSource() throws Exception {
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		assertMovesFollowed(HostMoveDrill.inFile(file), "heroku.postgres.source.type=command",
				"heroku.postgres.source.command=cat " + file);
	}

	@Test
	void followsAMoveFoundThroughThePlatformApi() throws Exception {
		try (FakeHerokuApi api = FakeHerokuApi.start("my-app")) {
			api.serve("DATABASE_URL", role.databaseUrl());
			assertMovesFollowed((url) -> api.serve("DATABASE_URL", url), "heroku.postgres.source.type=heroku-api",
					"heroku.postgres.source.heroku-api.app=my-app",
					"heroku.postgres.source.heroku-api.base-url=" + api.baseUrl(),
					"heroku.postgres.source.heroku-api.token=t0ken");
		}
	}

	@Test
	void writesAgainWithinTwoSecondsOfARestartAndLosesNone() throws Exception {
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		this.runner.withPropertyValues("heroku.postgres.source.type=file", "heroku.postgres.source.file=" + file)
			.run((context) -> {
				try (HostMoveDrill drill = new HostMoveDrill(server, role, context.getBean(DataSource.class),
						HostMoveDrill.inFile(file))) {
					Duration back = drill.restart(RESTART_BOUND.plusSeconds(30));
					assertThat(back).as("first write after the server accepts connections").isLessThan(RESTART_BOUND);
					drill.close();
					assertThat(drill.durable()).as("acknowledged writes in the database").isEqualTo(drill.acknowledged());
				}
				DatabaseCredentials credentials = context.getBean(DatabaseCredentials.class);
				assertThat(credentials.status().lastServerFailure()).startsWith("SQL state ")
					.contains("on [localhost:" + server.port() + "]");
				assertThat(credentials.status().hostChanges()).isZero();
			});
	}

	@Test
	void closesAtOnceWhileTheHostIsDown() throws Exception {
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		this.runner.withPropertyValues("heroku.postgres.source.type=file", "heroku.postgres.source.file=" + file)
			.run((context) -> {
				HikariDataSource pool = context.getBean(HikariDataSource.class);
				DatabaseCredentials credentials = context.getBean(DatabaseCredentials.class);
				try (Connection connection = pool.getConnection()) {
					assertThat(connection.isValid(1)).isTrue();
				}
				int port = server.port();
				server.stop();
				try {
					// the pool refills against the stopped server: its adder waits for the host
					pool.getHikariPoolMXBean().softEvictConnections();
					await().atMost(Duration.ofSeconds(10)).until(() -> credentials.status().lastServerFailure() != null);
					long started = System.nanoTime();
					context.close();
					assertThat(Duration.ofNanos(System.nanoTime() - started)).as("close while the host is down")
						.isLessThan(CLOSE_BOUND);
				}
				finally {
					server.startOn(port);
				}
			});
	}

	private void assertMovesFollowed(Consumer<String> publish, String... properties) {
		this.runner.withPropertyValues(properties).run((context) -> {
			DatabaseCredentials credentials = context.getBean(DatabaseCredentials.class);
			long hostChanges = credentials.status().hostChanges();
			try (HostMoveDrill drill = new HostMoveDrill(server, role, context.getBean(DataSource.class), publish)) {
				Duration took = drill.move(MOVE_BOUND.plusSeconds(30));
				assertThat(took).as("first write on the new host after the new URL was visible").isLessThan(MOVE_BOUND);
				drill.close();
				assertThat(drill.durable()).isEqualTo(drill.acknowledged());
			}
			assertThat(credentials.current().url().hosts().get(0).port()).isEqualTo(server.port());
			assertThat(credentials.status().hostChanges()).isEqualTo(hostChanges + 1);
		});
	}

}
