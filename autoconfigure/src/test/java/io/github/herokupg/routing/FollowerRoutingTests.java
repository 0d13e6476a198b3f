package io.github.herokupg.routing;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.actuate.FollowerMetrics;
import io.github.herokupg.autoconfigure.HerokuPostgresActuatorAutoConfiguration;
import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;
import io.github.herokupg.autoconfigure.HerokuPostgresPoolProperties;
import io.github.herokupg.replication.Follower;
import io.github.herokupg.test.server.HerokuLikePostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.QueryLoad;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.persistence.EntityManagerFactory;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Read-only work on a real streaming replica ({@code pg_basebackup -R}, hot standby) of
 * a Heroku-like leader: routing, fallback when the follower goes down or lags, and the
 * return to it.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class FollowerRoutingTests {

	private static final int THREADS = 8;

	private static final String FOLLOWER = "HEROKU_POSTGRESQL_PINK_URL";

	private static final Class<?>[] TRANSACTIONS = { DataSourceTransactionManagerAutoConfiguration.class,
			TransactionManagerCustomizationAutoConfiguration.class };

	private static HerokuLikePostgres leader;

	private static HerokuLikePostgres replica;

	private static TestRole role;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HerokuPostgresAutoConfiguration.class,
				HerokuPostgresActuatorAutoConfiguration.class, DataSourceAutoConfiguration.class,
				DataSourceHealthContributorAutoConfiguration.class))
		.withPropertyValues("heroku.postgres.replica.url-variables=" + FOLLOWER,
				"heroku.postgres.replica.check-interval=200ms", "heroku.postgres.replica.max-lag=1s",
				"spring.datasource.hikari.maximum-pool-size=" + THREADS,
				"heroku.postgres.replica.hikari.maximum-pool-size=" + THREADS);

	@BeforeAll
	static void startLeaderAndReplica() {
		assumeTrue(HerokuLikePostgres.canStartReplicas(), HerokuLikePostgres.NO_PG_BASEBACKUP);
		leader = HerokuLikePostgres.start();
		role = leader.newRole("reader", TestRole.randomPassword());
		leader.execute("CREATE TABLE writes (id bigint GENERATED ALWAYS AS IDENTITY, at timestamptz DEFAULT now())");
		leader.execute("GRANT ALL ON writes TO reader");
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
			DataSource dataSource = context.getBean(DataSource.class);
			TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
			await().atMost(Duration.ofSeconds(10)).until(() -> inRecovery(transactions, true));
			assertThat(inRecovery(transactions, false)).isFalse();
			try (Connection connection = dataSource.getConnection()) {
				connection.setReadOnly(true);
				assertThat(inRecovery(connection)).isTrue();
			}
			try (Connection connection = dataSource.getConnection()) {
				assertThat(inRecovery(connection)).isFalse();
			}
			HealthIndicator follower = (HealthIndicator) ((CompositeHealthContributor) context
				.getBean("databasecredentialsHealthIndicator")).getContributor(FOLLOWER);
			Health health = follower.health(true);
			assertThat(health.getDetails()).containsKey("replication");
			assertThat(health.getDetails().toString()).contains("takingReads=true").doesNotContain(role.password());
			// Boot's db health covers the routing dataSource and each follower pool
			CompositeHealthContributor db = context.getBean("dbHealthContributor", CompositeHealthContributor.class);
			assertThat(db.stream().map((entry) -> entry.name())).containsExactlyInAnyOrder("dataSource",
					"herokuPostgresqlPinkFollowerDataSource");
			db.stream()
				.forEach((entry) -> assertThat(((HealthIndicator) entry.contributor()).health().getStatus())
					.isEqualTo(Status.UP));
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(FollowerMetrics.class).bindTo(registry);
			assertThat(registry.get("heroku.postgres.replica.reads").tag("endpoint", FOLLOWER).functionCounter().count())
				.isPositive();
			assertThat(registry.get("heroku.postgres.replica.taking.reads").tag("endpoint", FOLLOWER).gauge().value())
				.isEqualTo(1.0);
		});
	}

	@Test
	void bootsTransactionManagerTakesItsConnectionStraightFromTheFollowerOrTheLeader() {
		this.runner.withConfiguration(AutoConfigurations.of(TRANSACTIONS)).withPropertyValues(urls()).run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			TransactionTemplate reads = bootTransactions(context, true);
			TransactionTemplate writes = bootTransactions(context, false);
			await().atMost(Duration.ofSeconds(10)).until(() -> reads.execute((status) -> unproxiedInRecovery(dataSource)));
			Follower follower = context.getBean(FollowerRouting.class).router().followers().get(0);
			long readsBefore = follower.reads();
			assertThat(reads.<Boolean>execute((status) -> unproxiedInRecovery(dataSource))).isTrue();
			assertThat(follower.reads()).isEqualTo(readsBefore + 1);
			assertThat(writes.<Boolean>execute((status) -> unproxiedInRecovery(dataSource))).isFalse();
			// a read-only savepoint asks for no connection: the next one outside a transaction
			// is the lazy proxy's again, on the leader
			TransactionTemplate nestedReads = bootTransactions(context, true);
			nestedReads.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
			writes.executeWithoutResult((status) -> nestedReads.executeWithoutResult((nested) -> {
			}));
			try (Connection connection = dataSource.getConnection()) {
				assertThat(Proxy.isProxyClass(connection.getClass())).as("a lazy proxy").isTrue();
				assertThat(inRecovery(connection)).isFalse();
			}
			assertThat(follower.reads()).isEqualTo(readsBefore + 1);
		});
	}

	@Test
	void bootsJpaTransactionManagerTakesItsConnectionStraightFromTheFollowerOrTheLeader() {
		this.runner
			.withConfiguration(AutoConfigurations.of(HibernateJpaAutoConfiguration.class,
					TransactionManagerCustomizationAutoConfiguration.class))
			.withPropertyValues(urls())
			.run((context) -> {
				EntityManagerFactory entityManagers = context.getBean(EntityManagerFactory.class);
				TransactionTemplate reads = bootTransactions(context, true);
				TransactionTemplate writes = bootTransactions(context, false);
				TransactionCallback<Boolean> unproxiedInRecovery = (status) -> EntityManagerFactoryUtils
					.getTransactionalEntityManager(entityManagers)
					.unwrap(Session.class)
					.doReturningWork(FollowerRoutingTests::unproxiedInRecovery);
				await().atMost(Duration.ofSeconds(10)).until(() -> reads.execute(unproxiedInRecovery));
				assertThat(writes.execute(unproxiedInRecovery)).isFalse();
			});
	}

	@Test
	void readsFallBackToTheLeaderWhileTheFollowerIsDownAndReturn() {
		this.runner.withConfiguration(AutoConfigurations.of(TRANSACTIONS)).withPropertyValues(urls()).run((context) -> {
			// Boot's transaction manager: read-only transactions take the follower's connections directly
			TransactionTemplate transactions = bootTransactions(context, false);
			ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
			try (QueryLoad load = QueryLoad.start(THREADS, (thread, sequence) -> answers
				.add(new Answer(System.nanoTime(), inRecovery(transactions, true))))) {
				await().atMost(Duration.ofSeconds(20)).until(() -> answers.stream().filter(Answer::replica).count() > 200);
				long stopped = System.nanoTime();
				replica.stopReplica();
				await().atMost(Duration.ofSeconds(20))
					.until(() -> answers.stream().filter((answer) -> answer.at() > stopped && !answer.replica()).count() > 200);
				long leaderFirst = answers.stream()
					.filter((answer) -> answer.at() > stopped && !answer.replica())
					.mapToLong(Answer::at)
					.min()
					.orElseThrow();
				replica.restartReplica();
				long restarted = System.nanoTime();
				await().atMost(Duration.ofSeconds(30))
					.until(() -> answers.stream().filter((answer) -> answer.at() > restarted && answer.replica()).count() > 200);
				long replicaAgain = answers.stream()
					.filter((answer) -> answer.at() > restarted && answer.replica())
					.mapToLong(Answer::at)
					.min()
					.orElseThrow();
				// README: only the reads running on the follower fail; reads fall back within 1 s of the
				// stop and return within 2 s of the restart
				assertThat(load.failuresAfter(stopped)).hasSizeLessThanOrEqualTo(THREADS);
				assertThat(Duration.ofNanos(leaderFirst - stopped)).as("fallback after the stop")
					.isLessThanOrEqualTo(Duration.ofSeconds(1));
				assertThat(Duration.ofNanos(replicaAgain - restarted)).as("return after the restart")
					.isLessThanOrEqualTo(Duration.ofSeconds(2));
			}
		});
	}

	@Test
	void followerPoolsTakeTheirOwnDriverProperties() {
		this.runner.withPropertyValues(urls())
			.withPropertyValues("spring.datasource.hikari.data-source-properties.ApplicationName=leader-app",
					"heroku.postgres.replica.hikari.data-source-properties.ApplicationName=follower-app")
			.run((context) -> {
				TransactionTemplate transactions = transactions(context.getBean(DataSource.class));
				await().atMost(Duration.ofSeconds(10)).until(() -> inRecovery(transactions, true));
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				TransactionTemplate reads = new TransactionTemplate(transactions.getTransactionManager());
				reads.setReadOnly(true);
				String onFollower = reads
					.execute((status) -> jdbc.queryForObject("SELECT current_setting('application_name')", String.class));
				assertThat(onFollower).isEqualTo("follower-app");
				assertThat(jdbc.queryForObject("SELECT current_setting('application_name')", String.class))
					.isEqualTo("leader-app");
			});
	}

	@Test
	void aBusyFollowerKeepsItsConnectionsAndItsReads() throws Exception {
		this.runner.withPropertyValues(urls())
			.withPropertyValues("heroku.postgres.replica.hikari.maximum-pool-size=2")
			.run((context) -> {
				TransactionTemplate transactions = transactions(context.getBean(DataSource.class));
				await().atMost(Duration.ofSeconds(10)).until(() -> inRecovery(transactions, true));
				FollowerRouter router = context.getBean(FollowerRouting.class).router();
				Follower follower = router.followers().get(0);
				TransactionTemplate reads = new TransactionTemplate(transactions.getTransactionManager());
				reads.setReadOnly(true);
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				AtomicBoolean alwaysReachable = new AtomicBoolean(true);
				long readsBefore = follower.reads();
				// 20 slow reads on a follower pool of 2: most wait out its 2 s connection timeout
				try (QueryLoad load = QueryLoad.start(20, (thread, sequence) -> {
					alwaysReachable.compareAndSet(true, follower.state().takingReads());
					reads.execute((status) -> jdbc.queryForObject("SELECT pg_sleep(0.5) IS NULL", Boolean.class));
				})) {
					await().atMost(Duration.ofSeconds(30)).until(() -> router.fallbacks() >= 20);
				}
				assertThat(alwaysReachable).as("the follower stayed in routing").isTrue();
				assertThat(follower.state().takingReads()).isTrue();
				assertThat(follower.reads() - readsBefore).as("reads the follower kept").isGreaterThanOrEqualTo(4);
			});
	}

	@Test
	void readsMoveToTheLeaderWhileReplayLagsAndReturn() {
		this.runner.withPropertyValues(urls()).run((context) -> {
			TransactionTemplate transactions = transactions(context.getBean(DataSource.class));
			await().atMost(Duration.ofSeconds(10)).until(() -> inRecovery(transactions, true));
			replica.execute("SELECT pg_wal_replay_pause()");
			try {
				// an idle leader: nothing to replay, no lag, the follower keeps the reads
				await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
					.until(() -> inRecovery(transactions, true));
				AtomicBoolean writing = new AtomicBoolean(true);
				Thread writer = new Thread(() -> {
					while (writing.get()) {
						leader.execute("INSERT INTO writes DEFAULT VALUES");
					}
				});
				writer.start();
				long paused = System.nanoTime();
				await().atMost(Duration.ofSeconds(10)).until(() -> !inRecovery(transactions, true));
				long moved = System.nanoTime();
				writing.set(false);
				writer.join();
				replica.execute("SELECT pg_wal_replay_resume()");
				await().atMost(Duration.ofSeconds(10)).until(() -> inRecovery(transactions, true));
				assertThat(TimeUnit.NANOSECONDS.toMillis(moved - paused)).isGreaterThanOrEqualTo(1000);
			}
			finally {
				replica.execute("SELECT pg_wal_replay_resume()");
			}
		});
	}

	@Test
	void severalFollowersShareTheReads() {
		String replicaUrl = replica.databaseUrl(role.name(), role.password());
		this.runner
			.withPropertyValues("DATABASE_URL=" + role.databaseUrl(), FOLLOWER + "=" + replicaUrl,
					"HEROKU_POSTGRESQL_TEAL_URL=" + replicaUrl + "?application_name=teal",
					"heroku.postgres.replica.url-variables=" + FOLLOWER + ",HEROKU_POSTGRESQL_TEAL_URL")
			.run((context) -> {
				TransactionTemplate transactions = transactions(context.getBean(DataSource.class));
				for (int i = 0; i < 20; i++) {
					assertThat(inRecovery(transactions, true)).isTrue();
				}
				List<Follower> followers = context.getBean(FollowerRouting.class).router().followers();
				assertThat(followers).extracting(Follower::name).containsExactly(FOLLOWER, "HEROKU_POSTGRESQL_TEAL_URL");
				assertThat(followers).allSatisfy((follower) -> assertThat(follower.reads()).isGreaterThanOrEqualTo(9));
			});
	}

	@Test
	void eachFollowerPoolIsABeanWithItsOwnNameMetricsAndSettings() {
		String replicaUrl = replica.databaseUrl(role.name(), role.password());
		this.runner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, DataSourcePoolMetricsAutoConfiguration.class,
					ConfigurationPropertiesReportEndpointAutoConfiguration.class))
			.withPropertyValues("DATABASE_URL=" + role.databaseUrl(), FOLLOWER + "=" + replicaUrl,
					"HEROKU_POSTGRESQL_TEAL_URL=" + replicaUrl,
					"heroku.postgres.replica.url-variables=" + FOLLOWER + ",HEROKU_POSTGRESQL_TEAL_URL",
					"heroku.postgres.replica.hikari.maximum-pool-size=3",
					"management.endpoints.web.exposure.include=configprops",
					"management.endpoint.configprops.show-values=always")
			.run((context) -> {
				HikariDataSource pink = context.getBean("herokuPostgresqlPinkFollowerDataSource", HikariDataSource.class);
				HikariDataSource teal = context.getBean("herokuPostgresqlTealFollowerDataSource", HikariDataSource.class);
				assertThat(pink.getPoolName()).isEqualTo("heroku-follower-" + FOLLOWER);
				assertThat(teal.getPoolName()).isEqualTo("heroku-follower-HEROKU_POSTGRESQL_TEAL_URL");
				assertThat(List.of(pink, teal)).allSatisfy((pool) -> {
					assertThat(pool.getMaximumPoolSize()).isEqualTo(3);
					assertThat(pool.getConnectionTimeout()).isEqualTo(2000);
				});
				// the routing reads through the beans, and the single DataSource stays the routing one
				assertThat(context.getBean(FollowerRouting.class).router().pools())
					.containsExactly(pink, teal);
				assertThat(context.getBean(DataSource.class)).isSameAs(context.getBean(FollowerRouting.class).dataSource());
				assertThat(inRecovery(transactions(context.getBean(DataSource.class)), true)).isTrue();
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				for (String pool : List.of("heroku-follower-" + FOLLOWER, "heroku-follower-HEROKU_POSTGRESQL_TEAL_URL")) {
					assertThat(meters.get("hikaricp.connections.max").tag("pool", pool).gauge().value()).isEqualTo(3);
				}
				Map<String, Object> properties = context.getBean(ConfigurationPropertiesReportEndpoint.class)
					.configurationProperties()
					.getContexts()
					.values()
					.iterator()
					.next()
					.getBeans()
					.entrySet()
					.stream()
					// the JDBC pools' settings, apart from the properties both sides share
					.filter((bean) -> bean.getKey().endsWith(HerokuPostgresPoolProperties.class.getName()))
					.findFirst()
					.orElseThrow()
					.getValue()
					.getProperties();
				assertThat(properties).extractingByKey("replica")
					.asInstanceOf(InstanceOfAssertFactories.MAP)
					.extractingByKey("hikari")
					.asInstanceOf(InstanceOfAssertFactories.MAP)
					.containsEntry("maximumPoolSize", 3)
					.containsEntry("connectionTimeout", 2000L);
			});
	}

	@Test
	void aConfiguredPoolNameStillGivesEachFollowerPoolItsOwn() {
		String replicaUrl = replica.databaseUrl(role.name(), role.password());
		this.runner
			.withPropertyValues("DATABASE_URL=" + role.databaseUrl(), FOLLOWER + "=" + replicaUrl,
					"HEROKU_POSTGRESQL_TEAL_URL=" + replicaUrl,
					"heroku.postgres.replica.url-variables=" + FOLLOWER + ",HEROKU_POSTGRESQL_TEAL_URL",
					"heroku.postgres.replica.hikari.pool-name=reads", "spring.datasource.hikari.pool-name=writes")
			.run((context) -> assertThat(context.getBean(FollowerRouting.class).router().pools())
				.extracting(HikariDataSource::getPoolName)
				.containsExactly("reads-" + FOLLOWER, "reads-HEROKU_POSTGRESQL_TEAL_URL"));
	}

	@Test
	void withoutFallbackReadOnlyWorkFailsRatherThanLoadTheLeader() {
		this.runner
			.withPropertyValues("DATABASE_URL=" + role.databaseUrl(), FOLLOWER + "=" + role.databaseUrl(),
					"heroku.postgres.replica.fallback=false")
			.run((context) -> {
				FollowerRouting routing = context.getBean(FollowerRouting.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> !routing.router().followers().get(0).state().takingReads());
				assertThatExceptionOfType(RuntimeException.class)
					.isThrownBy(() -> inRecovery(transactions(context.getBean(DataSource.class)), true))
					.withStackTraceContaining("No follower takes read-only work");
				assertThat(routing.router().fallbacks()).isZero();
			});
	}

	@Test
	void anUnsetFollowerVariableSendsReadsToTheLeader() {
		this.runner.withPropertyValues("DATABASE_URL=" + role.databaseUrl()).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(inRecovery(transactions(context.getBean(DataSource.class)), true)).isFalse();
		});
	}

	@Test
	void aFollowerVariableThatPointsAtAPrimaryGetsNoReads() {
		this.runner.withPropertyValues("DATABASE_URL=" + role.databaseUrl(), FOLLOWER + "=" + role.databaseUrl())
			.run((context) -> {
				FollowerRouting routing = context.getBean(FollowerRouting.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> routing.router().followers().get(0).state().checkedAt() != null);
				assertThat(routing.router().followers().get(0).state().problem()).contains("primary");
				assertThat(inRecovery(transactions(context.getBean(DataSource.class)), true)).isFalse();
			});
	}

	private static String[] urls() {
		return new String[] { "DATABASE_URL=" + role.databaseUrl(),
				FOLLOWER + "=" + replica.databaseUrl(role.name(), role.password()) };
	}

	private static TransactionTemplate transactions(DataSource dataSource) {
		return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	private static boolean inRecovery(TransactionTemplate transactions, boolean readOnly) {
		TransactionTemplate template = new TransactionTemplate(transactions.getTransactionManager());
		template.setReadOnly(readOnly);
		DataSource dataSource = ((DataSourceTransactionManager) transactions.getTransactionManager()).getDataSource();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		return Boolean.TRUE
			.equals(template.execute((status) -> jdbc.queryForObject("SELECT pg_is_in_recovery()", Boolean.class)));
	}

	/**
	 * A transaction template on the transaction manager Spring Boot configured.
	 */
	private static TransactionTemplate bootTransactions(ApplicationContext context, boolean readOnly) {
		TransactionTemplate transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		transactions.setReadOnly(readOnly);
		return transactions;
	}

	/**
	 * Whether the transaction's connection is a follower's, asserting that it is the
	 * pool's own and no lazy proxy.
	 */
	private static boolean unproxiedInRecovery(DataSource dataSource) {
		try {
			return unproxiedInRecovery(DataSourceUtils.getConnection(dataSource));
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static boolean unproxiedInRecovery(Connection connection) throws SQLException {
		assertThat(Proxy.isProxyClass(connection.getClass())).as("a lazy proxy").isFalse();
		return inRecovery(connection);
	}

	private static boolean inRecovery(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT pg_is_in_recovery()")) {
			result.next();
			return result.getBoolean(1);
		}
	}

	private record Answer(long at, boolean replica) {

	}

}
