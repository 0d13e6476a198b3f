package io.github.herokupg.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.Allocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heroku app webhooks over HTTP, once the application turns them on: signed deliveries
 * refresh, others are refused without a reason, and a body larger than the cap is
 * answered 413 without the application ever holding it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "heroku.postgres.webhook.enabled=true", "heroku.postgres.webhook.secret=whsec-test" })
@Timeout(120)
class WebhookTests {

	private static final TestRole role = roleWithOwnSchema();

	private static final long HUNDRED_MEGABYTES = 100L * 1024 * 1024;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void databaseUrl(DynamicPropertyRegistry registry) {
		registry.add("DATABASE_URL", role::databaseUrl);
	}

	@Test
	void acceptsSignedDeliveriesAndRefusesOthersWithoutSayingWhy() throws Exception {
		byte[] body = release("evt-http", Instant.now());
		HttpResponse<String> signed = post(body, sign(body));
		assertThat(signed.statusCode()).isEqualTo(200);
		assertThat(signed.body()).isEqualTo("{\"outcome\":\"refreshed\",\"refresh\":\"unchanged\"}");
		HttpResponse<String> unsigned = post(body, null);
		assertThat(unsigned.statusCode()).isEqualTo(401);
		assertThat(unsigned.body()).isEmpty();
		HttpResponse<String> forged = post(body, "bm90IHRoZSBzaWduYXR1cmU=");
		assertThat(forged.statusCode()).isEqualTo(401);
		assertThat(forged.body()).isEmpty();
		byte[] replayed = release("evt-replayed", Instant.now().minusSeconds(3600));
		HttpResponse<String> stale = post(replayed, sign(replayed));
		assertThat(stale.statusCode()).isEqualTo(401);
		assertThat(stale.body()).isEmpty();
	}

	@Test
	void answersAHundredMegabyteChunkedBody413WithoutHoldingIt() throws Exception {
		long before = Allocations.allocatedBytes();
		String status = streamChunked(HUNDRED_MEGABYTES);
		long allocated = Allocations.allocatedBytes() - before;
		assertThat(status).startsWith("HTTP/1.1 413");
		assertThat(allocated).as("bytes allocated in the whole JVM while refusing 100 MiB")
			.isLessThan(16L * 1024 * 1024);
	}

	@Test
	void answersADeclaredHundredMegabyteBody413AtOnce() throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /heroku/webhooks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + HUNDRED_MEGABYTES + "\r\nHeroku-Webhook-Hmac-SHA256: x\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(statusLine(socket.getInputStream())).startsWith("HTTP/1.1 413");
		}
	}

	/**
	 * Send a body of this size with chunked encoding from one reused buffer (so that the
	 * sender allocates nothing per chunk), reading the answer as it comes.
	 */
	private String streamChunked(long size) throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /heroku/webhooks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Transfer-Encoding: chunked\r\nHeroku-Webhook-Hmac-SHA256: bogus\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			CompletableFuture<String> status = new CompletableFuture<>();
			Thread reader = new Thread(() -> {
				try {
					status.complete(statusLine(in));
				}
				catch (IOException ex) {
					status.completeExceptionally(ex);
				}
			}, "webhook-test-reader");
			reader.start();
			byte[] data = new byte[64 * 1024];
			Arrays.fill(data, (byte) 'a');
			byte[] header = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
			byte[] trailer = "\r\n".getBytes(StandardCharsets.US_ASCII);
			try {
				for (long sent = 0; sent < size && !status.isDone(); sent += data.length) {
					out.write(header);
					out.write(data);
					out.write(trailer);
				}
				out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			catch (IOException ex) {
				// the server stopped reading and closed the connection, as it should
			}
			return status.get(60, TimeUnit.SECONDS);
		}
	}

	private static String statusLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) >= 0 && c != '\n') {
			line.append((char) c);
		}
		return line.toString().strip();
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

	private static byte[] release(String id, Instant createdAt) {
		return ("{\"id\":\"" + id + "\",\"resource\":\"release\",\"created_at\":\"" + createdAt + "\",\"data\":"
				+ "{\"description\":\"Set DATABASE_URL config vars\"}}")
			.getBytes(StandardCharsets.UTF_8);
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
