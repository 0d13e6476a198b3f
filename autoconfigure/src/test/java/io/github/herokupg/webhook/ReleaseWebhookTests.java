package io.github.herokupg.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.credentials.BackgroundTasks;
import io.github.herokupg.credentials.CredentialValidator;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.jdbc.CredentialAwareDataSource;
import io.github.herokupg.jdbc.PostgresConnector;
import io.github.herokupg.jdbc.RollingReplacement;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.CountingCredentialSource;
import io.github.herokupg.testsupport.Jdbc;
import io.github.herokupg.testsupport.SuppliedCredentialSource;
import io.github.herokupg.url.DatabaseUrl;
import io.github.herokupg.url.SslSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ReleaseWebhook}: signatures, replays and which releases refresh.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class ReleaseWebhookTests {

	private static final String SECRET = "whsec-0123456789";

	private final CountingCredentialSource source = new CountingCredentialSource(
			new SuppliedCredentialSource("test", () -> "postgres://u:p@localhost/db"));

	private final BackgroundTasks tasks = new BackgroundTasks();

	private final ReleaseWebhook webhook = webhook(Duration.ZERO);

	@AfterEach
	void stopBackgroundTasks() {
		this.tasks.close();
	}

	private ReleaseWebhook webhook(Duration minInterval) {
		CredentialValidator accepting = (url) -> {
		};
		DatabaseCredentials credentials = new DatabaseCredentials(this.source, this.source.fetch(),
				(url) -> DatabaseUrl.parse("DATABASE_URL", url), accepting, Clock.systemUTC(), minInterval, this.tasks,
				null);
		return new ReleaseWebhook(SECRET, credentials, List.of("DATABASE_URL", "DATABASE_CONNECTION_POOL_URL"),
				Clock.systemUTC());
	}

	private ReleaseWebhook.Outcome deliver(ReleaseWebhook webhook, byte[] body, String signature) {
		return webhook.handle(body, signature).outcome();
	}

	@Test
	void aSignedReleaseThatChangedAWatchedVariableRefreshesOnce() throws Exception {
		byte[] body = release("evt-1", "Set DATABASE_URL config vars");
		int before = this.source.fetches();
		assertThat(deliver(this.webhook, body, sign(body, SECRET))).isEqualTo(ReleaseWebhook.Outcome.REFRESHED);
		assertThat(this.source.fetches()).isEqualTo(before + 1);
		assertThat(deliver(this.webhook, body, sign(body, SECRET))).isEqualTo(ReleaseWebhook.Outcome.DUPLICATE);
		assertThat(this.source.fetches()).isEqualTo(before + 1);
	}

	@Test
	void anAttachmentUpdateRefreshes() throws Exception {
		byte[] body = release("evt-2", "Update DATABASE by heroku-postgresql");
		assertThat(deliver(this.webhook, body, sign(body, SECRET))).isEqualTo(ReleaseWebhook.Outcome.REFRESHED);
	}

	@Test
	void otherReleasesAndEventsDoNotRefresh() throws Exception {
		int before = this.source.fetches();
		byte[] deploy = release("evt-3", "Deploy 4f2a9c1");
		assertThat(deliver(this.webhook, deploy, sign(deploy, SECRET))).isEqualTo(ReleaseWebhook.Outcome.IGNORED);
		byte[] other = release("evt-4", "Set PAPERTRAIL_DATABASE_TOKEN config vars");
		assertThat(deliver(this.webhook, other, sign(other, SECRET))).isEqualTo(ReleaseWebhook.Outcome.IGNORED);
		byte[] dyno = ("{\"id\":\"evt-5\",\"resource\":\"dyno\",\"created_at\":\"" + Instant.now()
				+ "\",\"data\":{\"description\":\"DATABASE_URL\"}}")
			.getBytes(StandardCharsets.UTF_8);
		assertThat(deliver(this.webhook, dyno, sign(dyno, SECRET))).isEqualTo(ReleaseWebhook.Outcome.IGNORED);
		assertThat(this.source.fetches()).isEqualTo(before);
	}

	@Test
	void refusesMissingOrWrongSignaturesWithoutARefresh() throws Exception {
		int before = this.source.fetches();
		byte[] body = release("evt-6", "Set DATABASE_URL config vars");
		assertThat(deliver(this.webhook, body, null)).isEqualTo(ReleaseWebhook.Outcome.REFUSED);
		assertThat(deliver(this.webhook, body, sign(body, "another-secret"))).isEqualTo(ReleaseWebhook.Outcome.REFUSED);
		byte[] tampered = release("evt-6", "Set DATABASE_URL config vars ");
		assertThat(deliver(this.webhook, tampered, sign(body, SECRET))).isEqualTo(ReleaseWebhook.Outcome.REFUSED);
		assertThat(deliver(this.webhook, body, "not base64 at all")).isEqualTo(ReleaseWebhook.Outcome.REFUSED);
		assertThat(this.source.fetches()).isEqualTo(before);
		// a refused delivery is not remembered: the genuine one still counts
		assertThat(deliver(this.webhook, body, sign(body, SECRET))).isEqualTo(ReleaseWebhook.Outcome.REFRESHED);
	}

	@Test
	void refusesSignedDeliveriesThatAreNotFreshWithoutARefresh() throws Exception {
		int before = this.source.fetches();
		byte[] replayed = release("evt-7", "Set DATABASE_URL config vars", Instant.now().minus(Duration.ofMinutes(6)));
		assertThat(deliver(this.webhook, replayed, sign(replayed, SECRET))).isEqualTo(ReleaseWebhook.Outcome.STALE);
		byte[] future = release("evt-8", "Set DATABASE_URL config vars", Instant.now().plus(Duration.ofMinutes(6)));
		assertThat(deliver(this.webhook, future, sign(future, SECRET))).isEqualTo(ReleaseWebhook.Outcome.STALE);
		byte[] undated = ("{\"id\":\"evt-9\",\"resource\":\"release\",\"data\":{\"description\":"
				+ "\"Set DATABASE_URL config vars\"}}").getBytes(StandardCharsets.UTF_8);
		assertThat(deliver(this.webhook, undated, sign(undated, SECRET))).isEqualTo(ReleaseWebhook.Outcome.STALE);
		assertThat(this.source.fetches()).isEqualTo(before);
	}

	@Test
	void refusesMalformedSignaturesAndTimestampsWithoutARefresh() throws Exception {
		int before = this.source.fetches();
		byte[] body = release("evt-12", "Set DATABASE_URL config vars");
		assertThat(deliver(this.webhook, body, sign(body, SECRET).repeat(10))).isEqualTo(ReleaseWebhook.Outcome.REFUSED);
		assertThat(deliver(this.webhook, body, "")).isEqualTo(ReleaseWebhook.Outcome.REFUSED);
		for (String createdAt : new String[] { "yesterday", "", "2026-13-45T99:99:99Z", "9".repeat(100),
				"1970-01-01T00:00:00Z" }) {
			byte[] odd = ("{\"id\":\"evt-odd\",\"resource\":\"release\",\"created_at\":\"" + createdAt
					+ "\",\"data\":{\"description\":\"Set DATABASE_URL config vars\"}}")
				.getBytes(StandardCharsets.UTF_8);
			assertThat(deliver(this.webhook, odd, sign(odd, SECRET))).as(createdAt)
				.isEqualTo(ReleaseWebhook.Outcome.STALE);
		}
		byte[] notJson = "not json at all".getBytes(StandardCharsets.UTF_8);
		assertThat(deliver(this.webhook, notJson, sign(notJson, SECRET))).isEqualTo(ReleaseWebhook.Outcome.IGNORED);
		assertThat(this.source.fetches()).isEqualTo(before);
	}

	@Test
	void aDeliveryWithinTheFloorRunsWhenTheFloorEnds() throws Exception {
		ReleaseWebhook floored = webhook(Duration.ofSeconds(1));
		int before = this.source.fetches();
		byte[] first = release("evt-10", "Set DATABASE_URL config vars");
		assertThat(floored.handle(first, sign(first, SECRET)))
			.isEqualTo(new ReleaseWebhook.Delivery(ReleaseWebhook.Outcome.REFRESHED, "unchanged"));
		byte[] second = release("evt-11", "Set DATABASE_URL config vars");
		ReleaseWebhook.Delivery deferred = floored.handle(second, sign(second, SECRET));
		assertThat(deferred.outcome()).isEqualTo(ReleaseWebhook.Outcome.DEFERRED);
		assertThat(Instant.parse(deferred.detail())).isAfter(Instant.now().minusSeconds(1));
		assertThat(this.source.fetches()).isEqualTo(before + 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.source.fetches() == before + 2);
	}

	@Test
	void aDeliveryAfterARotationMovesThePoolToTheNewPassword() throws Exception {
		AtomicReference<TestRole> role = new AtomicReference<>(SharedHerokuPostgres.newRole("webhook"));
		PostgresConnector connector = new PostgresConnector(Map.of());
		DatabaseCredentials credentials = new DatabaseCredentials(
				new SuppliedCredentialSource("test", () -> role.get().databaseUrl()),
				(value) -> DatabaseUrl.parse("DATABASE_URL", value, SslSettings.DEFAULT), connector, Clock.systemUTC(),
				Duration.ofSeconds(5));
		ReleaseWebhook webhook = new ReleaseWebhook(SECRET, credentials, List.of("DATABASE_URL"), Clock.systemUTC());
		CredentialAwareDataSource connections = new CredentialAwareDataSource(credentials, connector, true);
		try (HikariDataSource pool = new HikariDataSource()) {
			pool.setDataSource(connections);
			pool.setMaximumPoolSize(2);
			credentials.addChangeListener(new RollingReplacement(pool, connections, this.tasks));
			assertThat(Jdbc.queryForString(pool, "SELECT current_user")).isEqualTo(role.get().name());
			Instant rotated = Instant.now();
			role.set(role.get().rotate());
			byte[] body = release("evt-20", "Set DATABASE_URL config vars");
			assertThat(webhook.handle(body, sign(body, SECRET)))
				.isEqualTo(new ReleaseWebhook.Delivery(ReleaseWebhook.Outcome.REFRESHED, "changed"));
			assertThat(credentials.current().url().password()).isEqualTo(role.get().password());
			// the pool's connections move to the new password: none opened before the rotation is left
			await().atMost(Duration.ofSeconds(20))
				.until(() -> role.get().server().backendsStartedBefore(role.get().name(), rotated) == 0);
			assertThat(Jdbc.queryForString(pool, "SELECT current_user")).isEqualTo(role.get().name());
		}
	}

	static byte[] release(String id, String description) {
		return release(id, description, Instant.now());
	}

	static byte[] release(String id, String description, Instant createdAt) {
		return ("{\"id\":\"" + id + "\",\"resource\":\"release\",\"action\":\"create\",\"created_at\":\""
				+ createdAt + "\",\"data\":{\"description\":\"" + description + "\",\"version\":42}}")
			.getBytes(StandardCharsets.UTF_8);
	}

	static String sign(byte[] body, String secret) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return Base64.getEncoder().encodeToString(mac.doFinal(body));
	}

}
