package io.github.herokupg.credentials.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.herokupg.url.HostAndPort;
import io.github.herokupg.url.PercentEncoding;
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

	/**
	 * The periodic interval unless configured: two requests an instance-hour, so that a
	 * fleet of a thousand instances on one token spends under half of its refill of 4,500
	 * an hour. A rotation that ends the sessions is found at once (the rejected password
	 * triggers a fetch), and a release webhook pushes any other change.
	 */
	public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(30);

	private static final Duration THROTTLE_BACKOFF = Duration.ofSeconds(5);

	private static final Duration THROTTLE_BACKOFF_LIMIT = Duration.ofMinutes(10);

	/** The largest answer read: an app's config vars are a few kilobytes. */
	static final int MAX_BODY = 1024 * 1024;

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
		this.uri = URI.create(checkedBaseUrl(baseUrl) + "/apps/" + pathSegment(app) + "/config-vars");
		this.app = app;
		this.token = token;
		this.variable = variable;
		this.timeout = timeout;
	}

	/**
	 * The token is sent with every request: over TLS, except to this machine.
	 */
	private static String checkedBaseUrl(String baseUrl) {
		URI base;
		try {
			base = URI.create(StringUtils.trimTrailingCharacter(baseUrl.strip(), '/'));
		}
		catch (IllegalArgumentException ex) {
			throw new CredentialSourceException("the Heroku API base URL is not a URL");
		}
		String scheme = String.valueOf(base.getScheme()).toLowerCase(Locale.ROOT);
		String host = base.getHost();
		if (host == null || base.getUserInfo() != null || base.getQuery() != null || base.getFragment() != null) {
			throw new CredentialSourceException("the Heroku API base URL must be scheme://host[:port][/path]");
		}
		boolean loopback = HostAndPort.isLoopbackLiteral(host);
		if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
			throw new CredentialSourceException("the Heroku API base URL must use https (plain http only to this "
					+ "machine: localhost, 127.x.y.z or [::1]), since every request carries the API token");
		}
		return base.toString();
	}

	/**
	 * The app name or id as exactly one path segment: nothing in it can reach another
	 * path of the API.
	 */
	private static String pathSegment(String app) {
		return PercentEncoding.encode(app, PercentEncoding.UNRESERVED_BUT_DOT);
	}

	@Override
	public String fetch() {
		return fetchWith(List.of()).primary();
	}

	@Override
	public ConnectionStrings fetchWith(Collection<String> variables) {
		Set<String> watched = new HashSet<>(variables);
		watched.add(this.variable);
		Map<String, String> configVars = configVars(watched);
		String url = configVars.get(this.variable);
		if (url == null || url.isBlank()) {
			throw new CredentialSourceException("app " + this.app + " has no config var " + this.variable);
		}
		Map<String, String> others = new LinkedHashMap<>();
		for (String variable : variables) {
			String other = configVars.get(variable);
			if (other != null && !other.isBlank()) {
				others.put(variable, other);
			}
		}
		return new ConnectionStrings(url, others);
	}

	private Map<String, String> configVars(Set<String> watched) {
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
		if (cached != null && !cached.watched().containsAll(watched)) {
			cached = null;
		}
		if (cached != null) {
			// a conditional GET: 304 Not Modified keeps the config vars we have
			builder.header("If-None-Match", cached.etag());
		}
		HttpRequest request = builder.build();
		HttpResponse<InputStream> response;
		try {
			response = this.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
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
		try (InputStream body = response.body()) {
			report(response);
			if (response.statusCode() == 304 && cached != null) {
				return cached.configVars();
			}
			checkStatus(response);
			Map<String, String> configVars = watchedOnly(parse(read(body, response)), watched);
			this.cached = response.headers()
				.firstValue("ETag")
				.filter((etag) -> etag.length() <= 256)
				.map((etag) -> new Cached(etag, Set.copyOf(watched), configVars))
				.orElse(null);
			return configVars;
		}
		catch (IOException ex) {
			throw new CredentialSourceException(
					"Heroku API answer cannot be read (" + ex.getClass().getSimpleName() + ")");
		}
	}

	/**
	 * Read at most {@link #MAX_BODY} bytes, and refuse an answer that is longer without
	 * reading the rest.
	 */
	private static String read(InputStream body, HttpResponse<InputStream> response) throws IOException {
		long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
		if (declared > MAX_BODY) {
			throw tooLarge();
		}
		byte[] bytes = body.readNBytes(MAX_BODY + 1);
		if (bytes.length > MAX_BODY) {
			throw tooLarge();
		}
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static String host(String location) {
		try {
			String host = URI.create(location.strip()).getHost();
			return (host != null && host.length() <= 253) ? host : "?";
		}
		catch (IllegalArgumentException ex) {
			return "?";
		}
	}

	private static CredentialSourceException tooLarge() {
		return new CredentialSourceException(
				"Heroku API answered with more than " + MAX_BODY / 1024 + " KiB; config vars are far smaller");
	}

	/**
	 * Keep only the config vars this source was asked for: the others are the app's
	 * further secrets and have no business in this process's memory.
	 */
	private static Map<String, String> watchedOnly(Map<String, Object> configVars, Set<String> watched) {
		Map<String, String> kept = new LinkedHashMap<>();
		for (String name : watched) {
			if (configVars.get(name) instanceof String value) {
				kept.put(name, value);
			}
		}
		return kept;
	}

	private void report(HttpResponse<?> response) {
		FetchPacing pacing = this.pacing;
		if (pacing == null) {
			return;
		}
		Long retryAfter = RetryAfter.seconds(response.headers().firstValue("Retry-After").orElse(null), pacing.now());
		pacing.record(number(response, "RateLimit-Remaining"), (response.statusCode() >= 500) ? retryAfter : null);
		if (response.statusCode() == 429) {
			pacing.throttled(retryAfter, THROTTLE_BACKOFF, THROTTLE_BACKOFF_LIMIT);
		}
		else if (response.statusCode() < 500) {
			pacing.answered();
		}
	}

	private static @Nullable Integer number(HttpResponse<?> response, String header) {
		try {
			return response.headers().firstValue(header).map(String::strip).map(Integer::valueOf).orElse(null);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private void checkStatus(HttpResponse<?> response) {
		int status = response.statusCode();
		if (status >= 300 && status < 400 && status != 304) {
			String location = response.headers().firstValue("Location").map(HerokuApiCredentialSource::host).orElse("?");
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
	 * Return the names of the config vars held from the last answer.
	 * @return the names, empty when nothing is held
	 */
	Set<String> heldVariables() {
		Cached cached = this.cached;
		return (cached != null) ? cached.configVars().keySet() : Set.of();
	}

	/**
	 * The watched config vars of the last answer and its entity tag.
	 */
	private record Cached(String etag, Set<String> watched, Map<String, String> configVars) {

		@Override
		public String toString() {
			return "Cached[etag=" + this.etag + ", configVars=" + this.configVars.keySet() + "]";
		}

	}

	@Override
	public String location() {
		return this.app + " (" + this.variable + ")";
	}

}
