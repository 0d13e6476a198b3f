package io.github.herokupg.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.herokupg.testsupport.SharedHerokuPostgres;
import io.github.herokupg.testsupport.TestRole;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heroku app webhooks over HTTP, once the application turns them on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "heroku.postgres.webhook.enabled=true", "heroku.postgres.webhook.secret=whsec-test" })
class WebhookTests {

	private static final TestRole role = roleWithOwnSchema();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void databaseUrl(DynamicPropertyRegistry registry) {
		registry.add("DATABASE_URL", role::databaseUrl);
	}

	@Test
	void acceptsSignedDeliveriesAndRefusesOthersWithoutSayingWhy() throws Exception {
		byte[] body = ("{\"id\":\"evt-http\",\"resource\":\"release\",\"data\":{\"description\":"
				+ "\"Set DATABASE_URL config vars\"}}").getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> signed = post(body, sign(body));
		assertThat(signed.statusCode()).isEqualTo(204);
		HttpResponse<String> unsigned = post(body, null);
		assertThat(unsigned.statusCode()).isEqualTo(401);
		assertThat(unsigned.body()).isEmpty();
		HttpResponse<String> forged = post(body, "bm90IHRoZSBzaWduYXR1cmU=");
		assertThat(forged.statusCode()).isEqualTo(401);
		assertThat(forged.body()).isEmpty();
	}

	private HttpResponse<String> post(byte[] body, String signature) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/heroku/webhooks"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (signature != null) {
			request.header("Heroku-Webhook-Hmac-SHA256", signature);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A role whose own schema holds the sample's tables, apart from other tests'. */
	private static TestRole roleWithOwnSchema() {
		TestRole role = SharedHerokuPostgres.newRole("webhook");
		role.server().execute("CREATE SCHEMA " + role.name() + " AUTHORIZATION " + role.name());
		return role;
	}

	private static String sign(byte[] body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec("whsec-test".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return Base64.getEncoder().encodeToString(mac.doFinal(body));
	}

}
