package io.github.herokupg.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.RefreshResult.Outcome;
import io.github.herokupg.jdbc.PostgresConnector;
import io.github.herokupg.r2dbc.CredentialAwareConnectionFactory;
import io.github.herokupg.r2dbc.R2dbcConnectionOptions;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.SuppliedCredentialSource;
import io.github.herokupg.url.DatabaseUrl;
import io.github.herokupg.url.SslSettings;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link R2dbcPools} against a real server: after a change of password that
 * leaves the old sessions open (PostgreSQL keeps them), the pool retires the connections
 * opened with the old credentials as they are acquired and released, without a failed
 * request, and ends full of connections with the new ones. Read from the server:
 * {@code pg_stat_activity}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class R2dbcPoolsTests {

	private static final int SIZE = 4;

	private final AtomicReference<TestRole> role = new AtomicReference<>(SharedHerokuPostgres.newRole("r2dbcpool"));

	private final DatabaseCredentials credentials = new DatabaseCredentials(
			new SuppliedCredentialSource("test", () -> this.role.get().databaseUrl()),
			(value) -> DatabaseUrl.parse("DATABASE_URL", value, SslSettings.DEFAULT), new PostgresConnector(Map.of()),
			Clock.systemUTC(), Duration.ofMillis(200));

	@Test
	void retiresConnectionsWithOlderCredentialsAsTheyAreUsed() {
		CredentialAwareConnectionFactory connections = new CredentialAwareConnectionFactory(this.credentials,
				new R2dbcConnectionOptions(false, UnaryOperator.identity()), true, Duration.ofSeconds(10));
		R2dbcProperties.Pool properties = new R2dbcProperties.Pool();
		properties.setInitialSize(SIZE);
		properties.setMaxSize(SIZE);
		ConnectionPool pool = R2dbcPools.create(connections, properties, "test");
		try {
			pool.warmup().block(Duration.ofSeconds(30));
			queries(pool, 50);
			assertThat(connections.open()).isEqualTo(SIZE);
			Instant changed = Instant.now();
			this.role.set(this.role.get().rotate());
			assertThat(this.credentials.refresh().outcome()).isEqualTo(Outcome.CHANGED);
			assertThat(sessionsOpenedBefore(changed)).as("old sessions the server keeps").isEqualTo(SIZE);
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				queries(pool, 20);
				assertThat(sessionsOpenedBefore(changed)).isZero();
			});
			assertThat(connections.openOlderThanCurrent()).isZero();
			assertThat(connections.open()).isBetween(1, SIZE);
		}
		finally {
			pool.dispose();
		}
	}

	/** Run queries, eight at a time; any failure fails the test. */
	private static void queries(ConnectionPool pool, int count) {
		Flux.range(0, count)
			.flatMap((i) -> Mono.usingWhen(pool.create(),
					(connection) -> Mono.from(connection.createStatement("SELECT 1").execute())
						.flatMap((result) -> Mono.from(result.map((row, metadata) -> row.get(0, Integer.class)))),
					Connection::close), 8)
			.blockLast(Duration.ofSeconds(30));
	}

	private int sessionsOpenedBefore(Instant instant) {
		return SharedHerokuPostgres.get().backendsStartedBefore(this.role.get().name(), instant);
	}

}
