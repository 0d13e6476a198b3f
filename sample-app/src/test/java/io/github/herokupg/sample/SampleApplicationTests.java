package io.github.herokupg.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.github.herokupg.test.HerokuPostgres;
import io.github.herokupg.test.HerokuPostgresDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the sample on a random port against a PostgreSQL configured like Heroku and
 * uses it over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoint.health.show-details=always",
				"management.endpoints.web.exposure.include=health,databasecredentials" })
@HerokuPostgres
class SampleApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void createsAndReadsNotes() throws Exception {
		HttpResponse<String> created = postNote("{\"title\":\"Rotate credentials\",\"body\":\"heroku pg:credentials:rotate\"}");
		assertThat(created.statusCode()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		HttpResponse<String> fetched = send(HttpRequest.newBuilder(uri(location)).GET());
		assertThat(fetched.statusCode()).isEqualTo(200);
		assertThat(JsonParserFactory.getJsonParser().parseMap(fetched.body())).containsEntry("title", "Rotate credentials");
		assertThat(send(HttpRequest.newBuilder(uri("/notes")).GET()).body()).contains("Rotate credentials");
	}

	@Test
	void answersProblemDetails() throws Exception {
		HttpResponse<String> invalid = postNote("{\"title\":\"\"}");
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		HttpResponse<String> missing = send(HttpRequest.newBuilder(uri("/notes/999999")).GET());
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).contains("There is no note 999999");
	}

	@Test
	@SuppressWarnings("unchecked")
	void healthReportsDatabaseCredentialsUpWithoutSecrets(HerokuPostgresDatabase database) throws Exception {
		HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health")).GET());
		assertThat(health.statusCode()).isEqualTo(200);
		Map<String, Object> components = (Map<String, Object>) JsonParserFactory.getJsonParser()
			.parseMap(health.body())
			.get("components");
		assertThat((Map<String, Object>) components.get("databasecredentials")).containsEntry("status", "UP")
			.containsKey("details");
		assertThat(health.body()).doesNotContain(password(database));
	}

	@Test
	@SuppressWarnings("unchecked")
	void endpointAnswersTypedJsonWithoutSecrets(HerokuPostgresDatabase database) throws Exception {
		HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/actuator/databasecredentials")).GET());
		assertThat(read.statusCode()).isEqualTo(200);
		Map<String, Object> endpoints = (Map<String, Object>) JsonParserFactory.getJsonParser()
			.parseMap(read.body())
			.get("endpoints");
		assertThat(endpoints).containsOnlyKeys("direct");
		assertThat((Map<String, Object>) endpoints.get("direct")).containsEntry("accepted", true)
			.containsEntry("sslMode", "require")
			.containsKeys("fingerprint", "generation", "refreshes")
			.doesNotContainKeys("lastError", "hosts");
		HttpResponse<String> refreshed = send(
				HttpRequest.newBuilder(uri("/actuator/databasecredentials")).POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(refreshed.statusCode()).isEqualTo(200);
		assertThat(JsonParserFactory.getJsonParser().parseMap(refreshed.body())).containsEntry("outcome", "unchanged")
			.doesNotContainKey("reason");
		assertThat(read.body() + refreshed.body()).doesNotContain(password(database));
	}

	@Test
	void theRefreshRefusesFormPostsSoThatNoPageCanTriggerIt() throws Exception {
		HttpResponse<String> form = send(HttpRequest.newBuilder(uri("/actuator/databasecredentials"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("refresh=now")));
		assertThat(form.statusCode()).isEqualTo(415);
		HttpResponse<String> multipart = send(HttpRequest.newBuilder(uri("/actuator/databasecredentials"))
			.header("Content-Type", "multipart/form-data; boundary=x")
			.POST(HttpRequest.BodyPublishers.ofString("--x--")));
		assertThat(multipart.statusCode()).isEqualTo(415);
	}

	private HttpResponse<String> postNote(String json) throws Exception {
		return send(HttpRequest.newBuilder(uri("/notes"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static String password(HerokuPostgresDatabase database) {
		String userInfo = URI.create(database.databaseUrl()).getUserInfo();
		return userInfo.substring(userInfo.indexOf(':') + 1);
	}

}
