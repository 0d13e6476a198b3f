package io.github.herokupg.credentials;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.json.JsonParserFactory;
import org.springframework.util.StringUtils;

/**
 * Reads the connection string from an app's config vars through the Heroku Platform API
 * ({@code GET /apps/{app}/config-vars}), for applications running outside Heroku.
 * Each kind of failure gets its own message; the token never appears in one.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class HerokuApiCredentialSource implements CredentialSource {

	private final HttpClient client;

	private final URI uri;

	private final String app;

	private final String token;

	private final String variable;

	private final Duration timeout;

	/**
	 * Create a new source.
	 * @param baseUrl the Platform API base URL
	 * @param app the app name or id
	 * @param token the API token
	 * @param variable the config var that holds the connection string
	 * @param timeout the bound on one request
	 */
	public HerokuApiCredentialSource(String baseUrl, String app, String token, String variable, Duration timeout) {
		this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
		this.uri = URI.create(StringUtils.trimTrailingCharacter(baseUrl, '/') + "/apps/" + app + "/config-vars");
		this.app = app;
		this.token = token;
		this.variable = variable;
		this.timeout = timeout;
	}

	@Override
	public String fetch() {
		return fetchWith(List.of()).primary();
	}

	@Override
	public ConnectionStrings fetchWith(Collection<String> variables) {
		Map<String, Object> configVars = configVars();
		Object value = configVars.get(this.variable);
		if (!(value instanceof String url) || url.isBlank()) {
			throw new CredentialSourceException("app " + this.app + " has no config var " + this.variable);
		}
		Map<String, String> others = new LinkedHashMap<>();
		for (String variable : variables) {
			if (configVars.get(variable) instanceof String other && !other.isBlank()) {
				others.put(variable, other);
			}
		}
		return new ConnectionStrings(url, others);
	}

	private Map<String, Object> configVars() {
		HttpRequest request = HttpRequest.newBuilder(this.uri)
			.timeout(this.timeout)
			.header("Accept", "application/vnd.heroku+json; version=3")
			.header("Authorization", "Bearer " + this.token)
			.GET()
			.build();
		HttpResponse<String> response;
		try {
			response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (HttpTimeoutException ex) {
			throw new CredentialSourceException("Heroku API did not answer within " + this.timeout.toMillis() + "ms");
		}
		catch (IOException ex) {
			throw new CredentialSourceException("Heroku API cannot be reached (" + ex.getClass().getSimpleName() + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CredentialSourceException("interrupted while calling the Heroku API");
		}
		return parse(checkStatus(response).body());
	}

	private HttpResponse<String> checkStatus(HttpResponse<String> response) {
		int status = response.statusCode();
		String problem = switch (status) {
			case 200 -> null;
			case 401 -> "Heroku API rejected the token (401 Unauthorized)";
			case 403 -> "the token may not read the config vars of app " + this.app
					+ " (403 Forbidden; it needs the read-protected scope)";
			case 404 -> "Heroku API knows no app " + this.app + " (404 Not Found)";
			case 429 -> "Heroku API rate limit reached (429 Too Many Requests)";
			default -> "Heroku API answered " + status + ((status >= 500) ? " (server error)" : "");
		};
		if (problem != null) {
			throw new CredentialSourceException(problem);
		}
		return response;
	}

	private static Map<String, Object> parse(String body) {
		try {
			return JsonParserFactory.getJsonParser().parseMap(body);
		}
		catch (IllegalArgumentException ex) {
			throw new CredentialSourceException("Heroku API answered with a body that is not a JSON object");
		}
	}

	@Override
	public String type() {
		return "heroku-api";
	}

	@Override
	public String location() {
		return this.app + " (" + this.variable + ")";
	}

}
