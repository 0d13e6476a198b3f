package io.github.herokupg.reactive;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.herokupg.test.HerokuPostgres;
import io.github.herokupg.test.HerokuPostgresDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reactive application against a Heroku-like server: TLS as the server sees it,
 * eight concurrent clients through a password rotation that terminates every session,
 * and through a move to new hardware; Boot's {@code r2dbc} health and pool meters beside
 * {@code databasecredentials}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,databasecredentials",
				"heroku.postgres.refresh.min-interval=" + ReactiveApplicationTests.FLOOR_MILLIS + "ms" })
@HerokuPostgres
class ReactiveApplicationTests {

	private static final int CLIENTS = 8;

	/**
	 * The floor between two fetches that failures trigger: the server here changes the
	 * password (and stops the old host) a moment before the config var names the new
	 * one, as Heroku does, so the first fetch finds nothing new and the next one runs when
	 * the floor ends.
	 */
	static final long FLOOR_MILLIS = 1000;

	/**
	 * What README promises for the first request on new credentials or the new host: the
	 * floor, and 2 s.
	 */
	private static final Duration RECOVERY = Duration.ofMillis(FLOOR_MILLIS).plusSeconds(2);

	@LocalServerPort
	int port;

	@Autowired
	ConnectionFactory connectionFactory;

	@Autowired
	ApplicationContext context;

	@Autowired
	MeterRegistry meters;

	@Test
	void connectsOverTlsAsTheServerSeesIt() {
		Map<String, Object> row = DatabaseClient.create(this.connectionFactory)
			.sql("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
			.fetch()
			.one()
			.block(Duration.ofSeconds(10));
		assertThat(row).isNotNull().containsEntry("ssl", true);
		assertThat(String.valueOf(row.get("version"))).startsWith("TLSv1.");
	}

	@Test
	void isAnR2dbcPoolAndNoDataSource(HerokuPostgresDatabase database) {
		assertThat(this.connectionFactory).isInstanceOf(ConnectionPool.class);
		assertThat(this.context.getBeanNamesForType(javax.sql.DataSource.class)).isEmpty();
		String password = URI.create(database.databaseUrl()).getUserInfo().split(":", 2)[1];
		assertThat(this.connectionFactory.toString()).doesNotContain(password);
		assertThat(((ConnectionPool) this.connectionFactory).unwrap().toString()).doesNotContain(password);
	}

	@Test
	void servesEightClientsThroughARotationThatEndsEverySession(HerokuPostgresDatabase database)
			throws InterruptedException {
		Recovery recovery = underLoad(database::rotateCredentials);
		System.out.println("R2DBC rotation: " + recovery);
		assertThat(recovery.failedAfterChange()).as("requests that started after the rotation and failed").isZero();
		assertThat(recovery.firstSuccess()).isLessThanOrEqualTo(RECOVERY);
	}

	@Test
	void servesEightClientsThroughAMoveToNewHardware(HerokuPostgresDatabase database) throws InterruptedException {
		Recovery recovery = underLoad(database::moveHost);
		System.out.println("R2DBC host move: " + recovery);
		assertThat(recovery.failedAfterChange()).as("requests that started after the move and failed").isZero();
		assertThat(recovery.firstSuccess()).isLessThanOrEqualTo(RECOVERY);
	}

	@Test
	void reportsHealthAndPoolMetersBesideTheCredentials() {
		Map<String, Object> health = client().get()
			.uri("/actuator/health")
			.retrieve()
			.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.block(Duration.ofSeconds(10));
		assertThat(health).isNotNull();
		assertThat(health.get("components")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsKeys("r2dbc", "databasecredentials");
		assertThat(health).containsEntry("status", "UP");
		assertThat(this.meters.find("r2dbc.pool.max.allocated").tag("name", "connectionFactory").gauge())
			.isNotNull();
	}

	@Test
	void showsThePoolInTheCredentialsEndpoint() {
		DatabaseClient.create(this.connectionFactory).sql("SELECT 1").fetch().one().block(Duration.ofSeconds(10));
		Map<String, Object> credentials = client().get()
			.uri("/actuator/databasecredentials")
			.retrieve()
			.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.block(Duration.ofSeconds(10));
		assertThat(credentials).isNotNull();
		assertThat(credentials.get("pools")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.extractingByKey("connectionFactory")
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("driver", "r2dbc")
			.containsEntry("endpoint", "direct")
			.containsEntry("onOlderCredentials", 0)
			.hasEntrySatisfying("connections", (connections) -> assertThat((Integer) connections).isPositive());
	}

	/**
	 * Run eight clients that each add a note and read the count, make the change, and
	 * time what the clients saw: how many requests failed, whether any of them started
	 * after the change was complete, and how long after it the first one succeeded.
	 */
	private Recovery underLoad(Runnable change) throws InterruptedException {
		WebClient client = client();
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong changed = new AtomicLong(Long.MAX_VALUE);
		AtomicLong successes = new AtomicLong();
		ConcurrentLinkedQueue<long[]> failures = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<Long> successesAfter = new ConcurrentLinkedQueue<>();
		List<Thread> clients = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			Thread thread = new Thread(() -> {
				while (running.get()) {
					long started = System.nanoTime();
					try {
						client.post().uri("/notes").bodyValue("n").retrieve().toBodilessEntity()
							.block(Duration.ofSeconds(30));
						client.get().uri("/notes/count").retrieve().bodyToMono(Long.class).block(Duration.ofSeconds(30));
						successes.incrementAndGet();
						if (started >= changed.get()) {
							successesAfter.add(System.nanoTime());
						}
					}
					catch (RuntimeException ex) {
						failures.add(new long[] { started, System.nanoTime() });
					}
				}
			});
			thread.start();
			clients.add(thread);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> successes.get() > 100);
		long requested = System.nanoTime();
		change.run();
		changed.set(System.nanoTime());
		await().atMost(Duration.ofSeconds(30)).until(() -> successesAfter.size() > 50);
		running.set(false);
		for (Thread thread : clients) {
			thread.join();
		}
		long changeDone = changed.get();
		long failedAfter = failures.stream().filter((failure) -> failure[0] >= changeDone).count();
		long first = successesAfter.stream().mapToLong(Long::longValue).min().orElseThrow();
		return new Recovery(successes.get(), failures.size(), failedAfter, Duration.ofNanos(changeDone - requested),
				Duration.ofNanos(first - changeDone));
	}

	private WebClient client() {
		return WebClient.create("http://localhost:" + this.port);
	}

	/**
	 * What the clients saw.
	 * @param requests the successful requests
	 * @param inFlightFailures every failed request
	 * @param failedAfterChange the failed requests that started after the change
	 * @param change how long the change itself took
	 * @param firstSuccess from the end of the change to the end of the first request
	 * that started after it and succeeded
	 */
	record Recovery(long requests, long inFlightFailures, long failedAfterChange, Duration change,
			Duration firstSuccess) {
	}

}
