package io.github.herokupg.sample;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.test.server.HerokuLikePostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.FakeHerokuApi;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard and the alert rules of {@code observability/} against a real Prometheus
 * scraping the sample application through a rotation: every expression of the dashboard
 * and every query of the alert rules returns data, and promtool accepts the rules. A
 * meter renamed in the starter leaves its expressions without data, which fails here.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class ObservabilityTests {

	static final String INSTALL = "Debian's prometheus is not installed (prometheus and promtool on the PATH); "
			+ "install it with: apt-get install prometheus";

	private static final Path OBSERVABILITY = Path.of("..", "observability");

	/** An alert rule's expression: a query, a comparison and a number. */
	private static final Pattern RULE = Pattern.compile("^(.+?)\\s+(?:<|>|<=|>=|==|!=)\\s+[0-9.]+$");

	private static final String FOLLOWER = "HEROKU_POSTGRESQL_AMBER_URL";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	Path directory;

	@Test
	void everyExpressionOfTheDashboardAndTheAlertRulesReturnsDataThroughARotation() throws Exception {
		assumeThat(onPath("prometheus") && onPath("promtool")).as(INSTALL).isTrue();
		assumeThat(HerokuLikePostgres.canStartReplicas()).as(HerokuLikePostgres.NO_PG_BASEBACKUP).isTrue();
		assertThat(run("promtool", "check", "rules", OBSERVABILITY.resolve("alert-rules.yml").toString()))
			.contains("SUCCESS: 6 rules found");
		List<String> expressions = expressions();
		assertThat(expressions).hasSizeGreaterThanOrEqualTo(24);
		try (HerokuLikePostgres leader = HerokuLikePostgres.start();
				HerokuLikePostgres follower = leader.startReplica();
				FakeHerokuApi api = FakeHerokuApi.start("notes-ops")) {
			TestRole role = leader.newRole("ops", TestRole.randomPassword());
			api.header("RateLimit-Remaining", "4321");
			api.serve(configVars(leader, follower, role));
			try (ConfigurableApplicationContext app = startSample(api);
					Prometheus prometheus = Prometheus.start(this.directory, port(app))) {
				post(app, "before the rotation");
				TestRole rotated = new TestRole(leader, role.name(), TestRole.randomPassword());
				leader.changePassword(rotated.name(), rotated.password());
				leader.terminateBackends(rotated.name());
				// the pool's next login meets the new password before Heroku's config var has it
				await().atMost(Duration.ofSeconds(60)).until(() -> {
					tryGet(app, "/notes");
					return meter(app, "heroku.postgres.credentials.rejections") > 0;
				});
				api.serve(configVars(leader, follower, rotated));
				DatabaseCredentials credentials = app.getBean(DatabaseCredentials.class);
				await().atMost(Duration.ofSeconds(30)).until(() -> credentials.status().changes() == 1);
				// with refresh.min-interval=0 a connection adder that met rejections may be in
				// HikariCP's own back-off (up to connection-timeout) when the change arrives
				await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> post(app, "after"));
				Map<String, String> noData = new LinkedHashMap<>();
				try {
					await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
						noData.clear();
						for (String expression : expressions) {
							if (prometheus.series(expression) == 0) {
								noData.put(expression, "no data");
							}
						}
						return noData.isEmpty();
					});
				}
				catch (ConditionTimeoutException ex) {
					// the assertion names them
				}
				assertThat(noData).as("expressions without data after 90 s").isEmpty();
				// what a renamed meter looks like from Prometheus: no data
				assertThat(prometheus.series("heroku_postgres_credentials_freshness")).isZero();
			}
		}
	}

	/** Every expression of the dashboard, and the query of every alert rule. */
	private static List<String> expressions() throws IOException {
		List<String> expressions = new ArrayList<>(
				JsonPath.read(Files.readString(OBSERVABILITY.resolve("grafana-dashboard.json")), "$..expr"));
		int rules = 0;
		for (String line : Files.readAllLines(OBSERVABILITY.resolve("alert-rules.yml"))) {
			String trimmed = line.trim();
			if (trimmed.startsWith("expr:")) {
				Matcher rule = RULE.matcher(trimmed.substring("expr:".length()).trim());
				assertThat(rule.matches()).as("an alert rule is <query> <comparison> <number>: " + trimmed).isTrue();
				expressions.add(rule.group(1));
				rules++;
			}
		}
		assertThat(rules).isEqualTo(6);
		return expressions;
	}

	private static Map<String, String> configVars(HerokuLikePostgres leader, HerokuLikePostgres follower,
			TestRole role) {
		return Map.of("DATABASE_URL", leader.databaseUrl(role.name(), role.password()), FOLLOWER,
				follower.databaseUrl(role.name(), role.password()));
	}

	private static ConfigurableApplicationContext startSample(FakeHerokuApi api) {
		return new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--heroku.postgres.source.type=heroku-api", "--heroku.postgres.source.heroku-api.app=notes-ops",
				"--heroku.postgres.source.heroku-api.token=ops-token",
				"--heroku.postgres.source.heroku-api.base-url=" + api.baseUrl(),
				"--heroku.postgres.refresh.interval=1s", "--heroku.postgres.refresh.min-interval=0",
				"--heroku.postgres.replica.url-variables=" + FOLLOWER,
				"--spring.datasource.hikari.connection-timeout=2000",
				"--management.endpoints.web.exposure.include=health,prometheus");
	}

	private static int port(ConfigurableApplicationContext app) {
		return Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
	}

	private static double meter(ConfigurableApplicationContext app, String name) {
		return app.getBean(MeterRegistry.class).get(name).functionCounter().count();
	}

	private void post(ConfigurableApplicationContext app, String title) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port(app) + "/notes"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + title + "\"}"))
					.timeout(Duration.ofSeconds(30))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	private void tryGet(ConfigurableApplicationContext app, String path) {
		try {
			this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(app) + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.discarding());
		}
		catch (IOException ex) {
			// a failed request is what the rotation may cause here
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static boolean onPath(String command) {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
			if (Files.isExecutable(Path.of(directory, command))) {
				return true;
			}
		}
		return false;
	}

	static String run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

	/**
	 * A real Prometheus, scraping the application every second.
	 */
	static final class Prometheus implements AutoCloseable {

		private final Process process;

		private final int port;

		private final HttpClient http = HttpClient.newHttpClient();

		private Prometheus(Process process, int port) {
			this.process = process;
			this.port = port;
		}

		static Prometheus start(Path directory, int applicationPort) throws IOException {
			Path config = Files.writeString(directory.resolve("prometheus.yml"), """
					global:
					  scrape_interval: 1s
					  evaluation_interval: 1s
					rule_files:
					  - %s
					scrape_configs:
					  - job_name: notes
					    metrics_path: /actuator/prometheus
					    static_configs:
					      - targets: ['127.0.0.1:%d']
					""".formatted(OBSERVABILITY.resolve("alert-rules.yml").toAbsolutePath(), applicationPort));
			int port = HerokuLikePostgres.freePort();
			Process process = new ProcessBuilder("prometheus", "--config.file=" + config,
					"--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("prometheus.log").toFile())
				.start();
			Prometheus prometheus = new Prometheus(process, port);
			await().atMost(Duration.ofSeconds(30)).until(prometheus::isReady);
			return prometheus;
		}

		private boolean isReady() {
			assertThat(this.process.isAlive()).as("prometheus exited").isTrue();
			try {
				return get("/-/ready").statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		}

		/** How many series an instant query returns. */
		int series(String expression) throws IOException {
			HttpResponse<String> response = get(
					"/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
			assertThat(response.statusCode()).as(expression + ": " + response.body()).isEqualTo(200);
			List<Object> values = JsonPath.read(response.body(), "$.data.result[*].value[1]");
			return (int) values.stream().filter((value) -> !"NaN".equals(value)).count();
		}

		private HttpResponse<String> get(String path) throws IOException {
			try {
				return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}

	}

}
