package io.github.herokupg.reactive;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.herokupg.actuate.DatabaseCredentialsEndpoint;
import io.github.herokupg.actuate.FollowerMetrics;
import io.github.herokupg.autoconfigure.HerokuPostgresActuatorAutoConfiguration;
import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;
import io.github.herokupg.autoconfigure.HerokuPostgresR2dbcAutoConfiguration;
import io.github.herokupg.autoconfigure.ReadOnlyRoutingTransactionManager;
import io.github.herokupg.r2dbc.FollowerRoutingConnectionFactory;
import io.github.herokupg.replication.Follower;
import io.github.herokupg.replication.Followers;
import io.github.herokupg.test.server.HerokuLikePostgres;
import io.github.herokupg.test.server.TestRole;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Read-only R2DBC transactions on a real streaming replica ({@code pg_basebackup -R}, hot
 * standby) of a Heroku-like leader: a read-only transaction runs on the follower, the
 * rest on the leader, reads fall back to the leader while the follower is down and
 * return to it, and without fallback they fail instead of reaching the leader.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class ReactiveFollowerTests {

	private static final String FOLLOWER = "HEROKU_POSTGRESQL_PINK_URL";

	private static final int CLIENTS = 4;

	private static HerokuLikePostgres leader;

	private static HerokuLikePostgres replica;

	private static TestRole role;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(AutoConfigured.class)
		.withPropertyValues("heroku.postgres.replica.url-variables=" + FOLLOWER,
				"heroku.postgres.replica.check-interval=200ms", "heroku.postgres.replica.max-lag=1s",
				"spring.r2dbc.pool.initial-size=1", "spring.r2dbc.pool.max-size=" + CLIENTS,
				"management.endpoints.web.exposure.include=databasecredentials");

	@BeforeAll
	static void startLeaderAndReplica() {
		assumeTrue(HerokuLikePostgres.canStartReplicas(), HerokuLikePostgres.NO_PG_BASEBACKUP);
		leader = HerokuLikePostgres.start();
		role = leader.newRole("reader", TestRole.randomPassword());
		replica = leader.startReplica();
	}

	@AfterAll
	static void stop() {
		if (replica != null) {
			replica.close();
		}
		if (leader != null) {
			leader.close();
		}
	}

	@Test
	void readOnlyTransactionsRunOnTheFollowerAndTheRestOnTheLeader() {
		this.runner.withPropertyValues(urls()).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(ConnectionFactory.class)
				.getBean(ReactiveTransactionManager.class)
				.isInstanceOf(ReadOnlyRoutingTransactionManager.class);
			DatabaseClient client = DatabaseClient.create(context.getBean(ConnectionFactory.class));
			ReactiveTransactionManager transactions = context.getBean(ReactiveTransactionManager.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> inRecovery(client, transactions, true));
			assertThat(inRecovery(client, transactions, false)).as("read-write transaction").isFalse();
			assertThat(client.sql("SELECT pg_is_in_recovery()").map((row) -> row.get(0, Boolean.class)).one().block())
				.as("outside a transaction").isFalse();
			Followers followers = context.getBean(Followers.class);
			Follower follower = followers.list().get(0);
			assertThat(follower.name()).isEqualTo(FOLLOWER);
			assertThat(follower.reads()).isPositive();
			assertThat(follower.state().takingReads()).isTrue();
			// each side's pool its own: the leader's in Spring Boot's r2dbc-pool metrics, the follower's named after it
			FollowerRoutingConnectionFactory routing = context.getBean(FollowerRoutingConnectionFactory.class);
			assertThat(routing.unwrap().getMetadata().getName()).isEqualTo("PostgreSQL");
			assertThat(routing.followerPools()).containsOnlyKeys(FOLLOWER);
			ConnectionPool followerPool = routing.followerPools().get(FOLLOWER);
			assertThat(followerPool.getMetrics()).hasValueSatisfying(
					(metrics) -> assertThat(metrics.getMaxAllocatedSize()).isEqualTo(CLIENTS));
			assertThat(routing.toString()).doesNotContain(role.password());
			// ops see the follower as on the JDBC side: its pool, its replication, its meters
			assertThat(context.getBean(DatabaseCredentialsEndpoint.class).credentials().pools())
				.containsKeys("connectionFactory", "herokuPostgresqlPinkFollowerConnectionFactory");
			HealthIndicator health = (HealthIndicator) ((CompositeHealthContributor) context
				.getBean("databasecredentialsHealthIndicator")).getContributor(FOLLOWER);
			assertThat(health.health(true).getDetails().toString()).contains("takingReads=true")
				.doesNotContain(role.password());
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(FollowerMetrics.class).bindTo(registry);
			assertThat(registry.get("heroku.postgres.replica.reads").tag("endpoint", FOLLOWER).functionCounter().count())
				.isPositive();
		});
	}

	@Test
	void readsFallBackToTheLeaderWhileTheFollowerIsDownAndReturn() throws Exception {
		this.runner.withPropertyValues(urls()).run((context) -> {
			DatabaseClient client = DatabaseClient.create(context.getBean(ConnectionFactory.class));
			ReactiveTransactionManager transactions = context.getBean(ReactiveTransactionManager.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> inRecovery(client, transactions, true));
			ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
			ConcurrentLinkedQueue<Long> failures = new ConcurrentLinkedQueue<>();
			AtomicBoolean running = new AtomicBoolean(true);
			ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
			try {
				for (int i = 0; i < CLIENTS; i++) {
					clients.execute(() -> {
						while (running.get()) {
							try {
								answers.add(new Answer(System.nanoTime(), inRecovery(client, transactions, true)));
							}
							catch (RuntimeException ex) {
								failures.add(System.nanoTime());
							}
						}
					});
				}
				await().atMost(Duration.ofSeconds(20)).until(() -> count(answers, 0, true) > 100);
				long stopped = System.nanoTime();
				replica.stopReplica();
				await().atMost(Duration.ofSeconds(20)).until(() -> count(answers, stopped, false) > 100);
				long leaderFirst = first(answers, stopped, false);
				replica.restartReplica();
				long restarted = System.nanoTime();
				await().atMost(Duration.ofSeconds(30)).until(() -> count(answers, restarted, true) > 100);
				long replicaAgain = first(answers, restarted, true);
				// README: only the reads running on the follower fail; reads fall back within 1 s of the
				// stop and return within 2 s of the restart
				assertThat(failures.stream().filter((at) -> at > stopped)).hasSizeLessThanOrEqualTo(CLIENTS);
				assertThat(Duration.ofNanos(leaderFirst - stopped)).as("fallback after the stop")
					.isLessThanOrEqualTo(Duration.ofSeconds(1));
				assertThat(Duration.ofNanos(replicaAgain - restarted)).as("return after the restart")
					.isLessThanOrEqualTo(Duration.ofSeconds(2));
				assertThat(context.getBean(Followers.class).fallbacks()).isPositive();
			}
			finally {
				running.set(false);
				clients.shutdown();
				assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
			}
		});
	}

	@Test
	void withoutFallbackReadsFailInsteadOfReachingTheLeader() {
		this.runner.withPropertyValues(urls())
			.withPropertyValues("heroku.postgres.replica.fallback=false", FOLLOWER + "=" + unreachableFollower())
			.run((context) -> {
				DatabaseClient client = DatabaseClient.create(context.getBean(ConnectionFactory.class));
				ReactiveTransactionManager transactions = context.getBean(ReactiveTransactionManager.class);
				assertThatExceptionOfType(RuntimeException.class)
					.isThrownBy(() -> inRecovery(client, transactions, true))
					.withStackTraceContaining("No follower takes read-only work");
				assertThat(inRecovery(client, transactions, false)).isFalse();
				assertThat(context.getBean(Followers.class).fallbacks()).isZero();
			});
	}

	private static String unreachableFollower() {
		// a port nothing listens on: connections are refused at once
		return replica.databaseUrl(role.name(), role.password()).replaceFirst(":" + replica.port() + "/",
				":" + HerokuLikePostgres.freePort() + "/");
	}

	private static String[] urls() {
		return new String[] { "DATABASE_URL=" + role.databaseUrl(),
				FOLLOWER + "=" + replica.databaseUrl(role.name(), role.password()) };
	}

	private static boolean inRecovery(DatabaseClient client, ReactiveTransactionManager transactions,
			boolean readOnly) {
		DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
		definition.setReadOnly(readOnly);
		Boolean answer = TransactionalOperator.create(transactions, definition)
			.transactional(client.sql("SELECT pg_is_in_recovery()").map((row) -> row.get(0, Boolean.class)).one())
			.block(Duration.ofSeconds(30));
		return Boolean.TRUE.equals(answer);
	}

	private static long count(ConcurrentLinkedQueue<Answer> answers, long after, boolean replica) {
		return answers.stream().filter((answer) -> answer.at() > after && answer.replica() == replica).count();
	}

	private static long first(ConcurrentLinkedQueue<Answer> answers, long after, boolean replica) {
		return answers.stream()
			.filter((answer) -> answer.at() > after && answer.replica() == replica)
			.mapToLong(Answer::at)
			.min()
			.orElseThrow();
	}

	private record Answer(long at, boolean replica) {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ HerokuPostgresAutoConfiguration.class, HerokuPostgresR2dbcAutoConfiguration.class,
			HerokuPostgresActuatorAutoConfiguration.class, R2dbcAutoConfiguration.class,
			R2dbcTransactionManagerAutoConfiguration.class })
	static class AutoConfigured {

	}

}
