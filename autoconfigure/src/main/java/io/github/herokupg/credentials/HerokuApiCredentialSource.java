package io.github.herokupg.credentials;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

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

	private static final Duration THROTTLE_BACKOFF = Duration.ofSeconds(5);

	private static final Duration THROTTLE_BACKOFF_LIMIT = Duration.ofMinutes(10);

	private final @Nullable FetchPacing pacing;

	private volatile @Nullable Cached cached;

	/**
	 * Create a new source.
	 * @param baseUrl the Platform API base URL
	 * @param app the app name or id
	 * @param token the API token
	 * @param variable the config var that holds the connection string
	 * @param timeout the bound on one request
	 */
	public HerokuApiCredentialSource(String baseUrl, String app, String token, String variable, Duration timeout) {
		this(baseUrl, app, token, variable, timeout, null);
	}

	/**
	 * Create a new source that reports the API's rate limit to a pacing.
	 * @param baseUrl the Platform API base URL
	 * @param app the app name or id
	 * @param token the API token
	 * @param variable the config var that holds the connection string
	 * @param timeout the bound on one request
	 * @param pacing where to report {@code RateLimit-Remaining} and {@code Retry-After},
	 * or {@code null}
	 */
	public HerokuApiCredentialSource(String baseUrl, String app, String token, String variable, Duration timeout,
			@Nullable FetchPacing pacing) {
		// redirects are not followed: the token must never leave for another host
		this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
		this.pacing = pacing;
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
		FetchPacing pacing = this.pacing;
		Instant hold = (pacing != null) ? pacing.holdUntil() : null;
		if (hold != null) {
			throw new CredentialSourceException("Heroku API rate limit: no request before " + hold
					+ " (429 Too Many Requests)");
		}
		HttpRequest.Builder builder = HttpRequest.newBuilder(this.uri)
			.timeout(this.timeout)
			.header("Accept", "application/vnd.heroku+json; version=3")
			.header("Authorization", "Bearer " + this.token)
			.GET();
		Cached cached = this.cached;
		if (cached != null) {
			// a conditional GET: 304 Not Modified keeps the config vars we have
			builder.header("If-None-Match", cached.etag());
		}
		HttpRequest request = builder.build();
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
		report(response);
		if (response.statusCode() == 304 && cached != null) {
			return cached.configVars();
		}
		Map<String, Object> configVars = parse(checkStatus(response).body());
		this.cached = response.headers()
			.firstValue("ETag")
			.map((etag) -> new Cached(etag, configVars))
			.orElse(null);
		return configVars;
	}

	private void report(HttpResponse<String> response) {
		FetchPacing pacing = this.pacing;
		if (pacing == null) {
			return;
		}
		Integer retryAfterHeader = number(response, "Retry-After");
		Long retryAfter = (retryAfterHeader != null) ? retryAfterHeader.longValue() : null;
		pacing.record(number(response, "RateLimit-Remaining"), (response.statusCode() >= 500) ? retryAfter : null);
		if (response.statusCode() == 429) {
			pacing.throttled(retryAfter, THROTTLE_BACKOFF, THROTTLE_BACKOFF_LIMIT);
		}
		else if (response.statusCode() < 500) {
			pacing.answered();
		}
	}

	private static @Nullable Integer number(HttpResponse<String> response, String header) {
		try {
			return response.headers().firstValue(header).map(String::strip).map(Integer::valueOf).orElse(null);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private HttpResponse<String> checkStatus(HttpResponse<String> response) {
		int status = response.statusCode();
		if (status >= 300 && status < 400 && status != 304) {
			String location = response.headers().firstValue("Location").map(URI::create).map(URI::getHost).orElse("?");
			throw new CredentialSourceException("Heroku API answered " + status + " with a redirect to " + location
					+ "; not followed, so that the token is sent to " + this.uri.getHost() + " only");
		}
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
			throw (status == 401 || status == 403) ? new SourceAccessDeniedException(problem)
					: new CredentialSourceException(problem);
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

	/**
	 * The last answer and its entity tag.
	 */
	private record Cached(String etag, Map<String, Object> configVars) {

	}

	@Override
	public String location() {
		return this.app + " (" + this.variable + ")";
	}

}
