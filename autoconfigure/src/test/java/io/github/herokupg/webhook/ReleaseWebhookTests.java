package io.github.herokupg.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.testsupport.CountingCredentialSource;
import io.github.herokupg.testsupport.SuppliedCredentialSource;
import io.github.herokupg.url.DatabaseUrl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReleaseWebhook}: signatures, replays and which releases refresh.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class ReleaseWebhookTests {

	private static final String SECRET = "whsec-0123456789";

	private final CountingCredentialSource source = new CountingCredentialSource(
			new SuppliedCredentialSource("test", () -> "postgres://u:p@localhost/db"));

	private final ReleaseWebhook webhook = new ReleaseWebhook(SECRET, new DatabaseCredentials(this.source,
			(url) -> DatabaseUrl.parse("DATABASE_URL", url), (url) -> {
			}, Clock.systemUTC(), Duration.ZERO), List.of("DATABASE_URL", "DATABASE_CONNECTION_POOL_URL"));

	@Test
	void aSignedReleaseThatChangedAWatchedVariableRefreshesOnce() throws Exception {
		byte[] body = release("evt-1", "Set DATABASE_URL config vars");
		int before = this.source.fetches();
		assertThat(this.webhook.handle(body, sign(body, SECRET))).isEqualTo(ReleaseWebhook.Outcome.REFRESHED);
		assertThat(this.source.fetches()).isEqualTo(before + 1);
		assertThat(this.webhook.handle(body, sign(body, SECRET))).isEqualTo(ReleaseWebhook.Outcome.DUPLICATE);
		assertThat(this.source.fetches()).isEqualTo(before + 1);
	}

	@Test
	void anAttachmentUpdateRefreshes() throws Exception {
		byte[] body = release("evt-2", "Update DATABASE by heroku-postgresql");
		assertThat(this.webhook.handle(body, sign(body, SECRET))).isEqualTo(ReleaseWebhook.Outcome.REFRESHED);
	}

	@Test
	void otherReleasesAndEventsDoNotRefresh() throws Exception {
		int before = this.source.fetches();
		byte[] deploy = release("evt-3", "Deploy 4f2a9c1");
		assertThat(this.webhook.handle(deploy, sign(deploy, SECRET))).isEqualTo(ReleaseWebhook.Outcome.IGNORED);
		byte[] other = release("evt-4", "Set PAPERTRAIL_DATABASE_TOKEN config vars");
		assertThat(this.webhook.handle(other, sign(other, SECRET))).isEqualTo(ReleaseWebhook.Outcome.IGNORED);
		byte[] dyno = "{\"id\":\"evt-5\",\"resource\":\"dyno\",\"data\":{\"description\":\"DATABASE_URL\"}}"
			.getBytes(StandardCharsets.UTF_8);
		assertThat(this.webhook.handle(dyno, sign(dyno, SECRET))).isEqualTo(ReleaseWebhook.Outcome.IGNORED);
		assertThat(this.source.fetches()).isEqualTo(before);
	}

	@Test
	void refusesMissingOrWrongSignaturesWithoutARefresh() throws Exception {
		int before = this.source.fetches();
		byte[] body = release("evt-6", "Set DATABASE_URL config vars");
		assertThat(this.webhook.handle(body, null)).isEqualTo(ReleaseWebhook.Outcome.REFUSED);
		assertThat(this.webhook.handle(body, sign(body, "another-secret"))).isEqualTo(ReleaseWebhook.Outcome.REFUSED);
		byte[] tampered = release("evt-6", "Set DATABASE_URL config vars ");
		assertThat(this.webhook.handle(tampered, sign(body, SECRET))).isEqualTo(ReleaseWebhook.Outcome.REFUSED);
		assertThat(this.webhook.handle(body, "not base64 at all")).isEqualTo(ReleaseWebhook.Outcome.REFUSED);
		assertThat(this.source.fetches()).isEqualTo(before);
		// a refused delivery is not remembered: the genuine one still counts
		assertThat(this.webhook.handle(body, sign(body, SECRET))).isEqualTo(ReleaseWebhook.Outcome.REFRESHED);
	}

	static byte[] release(String id, String description) {
		return ("{\"id\":\"" + id + "\",\"resource\":\"release\",\"action\":\"create\",\"data\":{\"description\":\""
				+ description + "\",\"version\":42}}").getBytes(StandardCharsets.UTF_8);
	}

	static String sign(byte[] body, String secret) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return Base64.getEncoder().encodeToString(mac.doFinal(body));
	}

}
