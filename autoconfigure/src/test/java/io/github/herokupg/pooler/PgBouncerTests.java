package io.github.herokupg.pooler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.test.server.HerokuLikePostgres;
import io.github.herokupg.test.server.PgBouncer;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.QueryLoad;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.PageRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The application's pool through a real PgBouncer in transaction mode, as Heroku's
 * connection pooler runs it (TLS on both sides, {@code scram-sha-256}), with JPA
 * repository traffic and Flyway, which goes to the database directly.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class PgBouncerTests {

	private static final int THREADS = 8;

	private static final int REQUESTS = 1200;

	private static HerokuLikePostgres server;

	@TempDir
	Path directory;

	@BeforeAll
	static void startServer() {
		assumeTrue(PgBouncer.isInstalled(), PgBouncer.NOT_INSTALLED);
		server = HerokuLikePostgres.start();
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void jpaTrafficGoesThroughThePoolerAndMigrationsGoDirect() throws Exception {
		TestRole role = newRole("app_traffic");
		try (PgBouncer bouncer = PgBouncer.start(server, role);
				ConfigurableApplicationContext context = PoolerApplication.start("DATABASE_URL=" + role.databaseUrl(),
						"DATABASE_CONNECTION_POOL_URL=" + bouncer.databaseUrl(role))) {
			Flyway flyway = context.getBean(Flyway.class);
			assertThat(flyway.info().applied()).hasSize(1);
			assertThat(jdbcUrl(flyway.getConfiguration().getDataSource())).contains(":" + server.port() + "/");
			assertThat(jdbcUrl(context.getBean(DataSource.class))).contains(":" + bouncer.port() + "/");
			long before = bouncer.stats("postgres").get("total_xact_count");
			List<QueryLoad.Query> requests = repositoryTraffic(context.getBean(VisitRepository.class), REQUESTS);
			long transactions = bouncer.stats("postgres").get("total_xact_count") - before;
			List<QueryLoad.Query> failed = requests.stream().filter((request) -> !request.succeeded()).toList();
			System.out.printf("POOLER JPA: requests=%d failed=%d pgbouncer total_xact_count delta=%d%n",
					requests.size(), failed.size(), transactions);
			assertThat(requests).hasSizeGreaterThanOrEqualTo(REQUESTS);
			assertThat(failed).isEmpty();
			assertThat(transactions).isGreaterThanOrEqualTo(requests.size());
		}
	}

	@Test
	void namedServerSideStatementsFailThroughATransactionPooler() throws Exception {
		// the control: what prepareThreshold=0 prevents, so the test above can fail
		TestRole role = newRole("app_prepared");
		try (PgBouncer bouncer = PgBouncer.start(server, role);
				ConfigurableApplicationContext context = PoolerApplication.start("DATABASE_URL=" + role.databaseUrl(),
						"DATABASE_CONNECTION_POOL_URL=" + bouncer.databaseUrl(role),
						"spring.datasource.hikari.data-source-properties.prepareThreshold=1")) {
			List<QueryLoad.Query> requests = repositoryTraffic(context.getBean(VisitRepository.class), 400);
			long failed = requests.stream().filter((request) -> !request.succeeded()).count();
			System.out.printf("POOLER JPA with prepareThreshold=1: requests=%d failed=%d%n", requests.size(), failed);
			assertThat(failed).isPositive();
		}
	}

	@Test
	void rotationUnderLoadLosesNoRequestBeyondThoseInFlight() throws Exception {
		TestRole role = newRole("app_rotation");
		try (PgBouncer bouncer = PgBouncer.start(server, role)) {
			Path direct = Files.writeString(this.directory.resolve("DATABASE_URL"), role.databaseUrl());
			Files.writeString(this.directory.resolve("DATABASE_CONNECTION_POOL_URL"), bouncer.databaseUrl(role));
			try (ConfigurableApplicationContext context = PoolerApplication.start("heroku.postgres.source.type=file",
					"heroku.postgres.source.file=" + direct, "heroku.postgres.refresh.interval=250ms",
					"heroku.postgres.refresh.min-interval=200ms")) {
				DatabaseEndpoints endpoints = context.getBean(DatabaseEndpoints.class);
				assertThat(endpoints.pooler()).isNotNull();
				VisitRepository visits = context.getBean(VisitRepository.class);
				try (QueryLoad load = QueryLoad.start(THREADS, (thread, sequence) -> request(visits, thread, sequence))) {
					await().atMost(Duration.ofSeconds(30)).until(() -> load.successesAfter(0) > 300);
					TestRole rotated = role.rotate();
					bouncer.updatePassword(rotated);
					Files.writeString(this.directory.resolve("DATABASE_CONNECTION_POOL_URL"),
							bouncer.databaseUrl(rotated));
					Files.writeString(direct, rotated.databaseUrl());
					long visible = System.nanoTime();
					int terminated = server.terminateBackends(role.name());
					await().atMost(Duration.ofSeconds(30))
						.until(() -> endpoints.direct().current().generation() == 2
								&& endpoints.application().current().generation() == 2);
					long rotatedAt = System.nanoTime();
					await().atMost(Duration.ofSeconds(30)).until(() -> load.successesAfter(rotatedAt) > 500);
					List<QueryLoad.Query> failed = load.failuresAfter(visible);
					System.out.printf("POOLER rotation: terminated server connections=%d, failed requests=%d, "
							+ "both endpoints rotated after %dms, requests=%d%n", terminated, failed.size(),
							TimeUnit.NANOSECONDS.toMillis(rotatedAt - visible), load.queries().size());
					assertThat(load.failuresAfter(rotatedAt)).isEmpty();
					assertThat(failed).hasSizeLessThanOrEqualTo(THREADS);
				}
			}
		}
	}

	/**
	 * A role with a schema of its own, first on its search path, so that each test
	 * migrates its own tables.
	 */
	private static TestRole newRole(String name) {
		TestRole role = server.newRole(name, TestRole.randomPassword());
		server.execute("CREATE SCHEMA " + name + " AUTHORIZATION " + name);
		return role;
	}

	@Test
	void passwordRejectedByThePoolerTriggersARefresh() throws Exception {
		TestRole role = newRole("app_rejected");
		try (PgBouncer bouncer = PgBouncer.start(server, role)) {
			Path direct = Files.writeString(this.directory.resolve("DATABASE_URL"), role.databaseUrl());
			Path pooler = Files.writeString(this.directory.resolve("DATABASE_CONNECTION_POOL_URL"),
					bouncer.databaseUrl(role));
			try (ConfigurableApplicationContext context = PoolerApplication.start("heroku.postgres.source.type=file",
					"heroku.postgres.source.file=" + direct, "heroku.postgres.refresh.interval=0",
					"heroku.postgres.refresh.min-interval=100ms")) {
				DatabaseEndpoints endpoints = context.getBean(DatabaseEndpoints.class);
				VisitRepository visits = context.getBean(VisitRepository.class);
				visits.save(new Visit("/before"));
				HikariDataSource pool = context.getBean(HikariDataSource.class);
				// no connection still being opened with the old password when it changes
				await().atMost(Duration.ofSeconds(20))
					.until(() -> pool.getHikariPoolMXBean().getTotalConnections() == pool.getMinimumIdle());
				TestRole rotated = role.rotate();
				bouncer.updatePassword(rotated);
				Files.writeString(pooler, bouncer.databaseUrl(rotated));
				Files.writeString(direct, rotated.databaseUrl());
				// PgBouncer answers a stale password with 08P01, not 28P01: it must count as one
				pool.getHikariPoolMXBean().softEvictConnections();
				visits.save(new Visit("/after"));
				assertThat(endpoints.application().current().generation()).isEqualTo(2);
				assertThat(visits.findByPath("/after")).hasSize(1);
			}
		}
	}

	private static List<QueryLoad.Query> repositoryTraffic(VisitRepository visits, int requests) throws Exception {
		QueryLoad load = QueryLoad.start(THREADS, (thread, sequence) -> request(visits, thread, sequence));
		try (load) {
			await().atMost(Duration.ofSeconds(60)).until(() -> load.queries().size() >= requests);
		}
		return load.queries();
	}

	private static void request(VisitRepository visits, int thread, long sequence) {
		switch ((int) (sequence % 3)) {
			case 0 -> visits.save(new Visit("/t" + thread + "/" + sequence));
			case 1 -> visits.findByPath("/t" + thread + "/" + (sequence - 1));
			default -> visits.findAll(PageRequest.of(0, 5));
		}
	}

	private static String jdbcUrl(DataSource dataSource) throws Exception {
		try (Connection connection = dataSource.getConnection()) {
			return connection.getMetaData().getURL();
		}
	}

}
