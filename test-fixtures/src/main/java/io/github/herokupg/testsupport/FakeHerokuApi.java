package io.github.herokupg.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real local HTTP server that answers {@code GET /apps/{app}/config-vars} like the
 * Heroku Platform API, with a status and body the test chooses. It records the headers
 * of the last request.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class FakeHerokuApi implements AutoCloseable {

	private final HttpServer server;

	private final CountDownLatch release = new CountDownLatch(1);

	private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();

	private volatile int status = 200;

	private volatile String body = "{}";

	private volatile boolean hang;

	private final AtomicInteger requests = new AtomicInteger();

	private final AtomicInteger notModified = new AtomicInteger();

	private final Map<String, String> extraHeaders = new ConcurrentHashMap<>();

	private volatile boolean etags;

	private volatile long streamed = -1;

	private volatile String lastPath = "";

	private FakeHerokuApi(HttpServer server) {
		this.server = server;
	}

	/**
	 * Start a server on a free port of the loopback interface.
	 * @param app the app name whose config vars are served
	 * @return the running server
	 */
	public static FakeHerokuApi start(String app) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			FakeHerokuApi api = new FakeHerokuApi(server);
			server.createContext("/apps/" + app + "/config-vars", api::handle);
			server.createContext("/", (exchange) -> {
				api.lastPath = exchange.getRequestURI().getRawPath();
				api.respond(exchange, 404, "{\"id\":\"not_found\"}");
			});
			server.setExecutor(Executors.newCachedThreadPool());
			server.start();
			return api;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the base URL to configure.
	 * @return the base URL
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Answer with config vars holding one connection string.
	 * @param variable the config var
	 * @param url the connection string
	 */
	public void serve(String variable, String url) {
		answer(200, "{\"" + variable + "\":\"" + url.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"OTHER\":\"x\"}");
	}

	/**
	 * Answer with a status and body.
	 * @param status the HTTP status
	 * @param body the body
	 */
	/**
	 * Answer the config vars request with these config vars.
	 * @param configVars the config vars by name
	 */
	public void serve(Map<String, String> configVars) {
		answer(200, configVars.entrySet()
			.stream()
			.map((entry) -> json(entry.getKey()) + ":" + json(entry.getValue()))
			.collect(Collectors.joining(",", "{", "}")));
	}

	private static String json(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	/**
	 * Return how many config vars requests were answered.
	 * @return the count
	 */
	public int requests() {
		return this.requests.get();
	}

	/**
	 * Serve an entity tag with each answer, and answer 304 Not Modified to a request
	 * that names the current one.
	 */
	public void useEtags() {
		this.etags = true;
	}

	/**
	 * Return how many requests were answered 304 Not Modified.
	 * @return the count
	 */
	public int notModified() {
		return this.notModified.get();
	}

	/**
	 * Add a header to every answer, such as {@code RateLimit-Remaining}.
	 * @param name the header
	 * @param value its value
	 */
	public void header(String name, String value) {
		this.extraHeaders.put(name, value);
	}

	public void answer(int status, String body) {
		this.status = status;
		this.body = body;
		this.hang = false;
		this.streamed = -1;
	}

	/**
	 * Answer 200 with a JSON object of this many bytes, chunked (no length announced).
	 * @param bytes the length of the body
	 */
	public void stream(long bytes) {
		this.streamed = bytes;
	}

	/**
	 * Return the raw path of the last request that no app's context answered.
	 * @return the path
	 */
	public String lastUnknownPath() {
		return this.lastPath;
	}

	/**
	 * Never answer (until closed), to provoke timeouts.
	 */
	public void hang() {
		this.hang = true;
	}

	/**
	 * Return a header of the last request.
	 * @param name the header name
	 * @return its value, or {@code null}
	 */
	public String lastHeader(String name) {
		return this.lastHeaders.get(name.toLowerCase(Locale.ROOT));
	}

	private void handle(HttpExchange exchange) throws IOException {
		this.requests.incrementAndGet();
		exchange.getRequestHeaders().forEach((name, values) -> this.lastHeaders.put(name.toLowerCase(Locale.ROOT), values.get(0)));
		if (this.hang) {
			try {
				this.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		String etag = "\"" + Integer.toHexString(this.body.hashCode()) + "\"";
		if (this.etags && this.status == 200) {
			exchange.getResponseHeaders().set("ETag", etag);
			if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
				this.notModified.incrementAndGet();
				this.extraHeaders.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
				exchange.sendResponseHeaders(304, -1);
				exchange.close();
				return;
			}
		}
		this.extraHeaders.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
		if (this.streamed >= 0) {
			stream(exchange, this.streamed);
			return;
		}
		respond(exchange, this.status, this.body);
	}

	private static void stream(HttpExchange exchange, long bytes) throws IOException {
		exchange.sendResponseHeaders(200, 0);
		byte[] chunk = new byte[8192];
		java.util.Arrays.fill(chunk, (byte) 'a');
		try (OutputStream out = exchange.getResponseBody()) {
			out.write("{\"DATABASE_URL\":\"".getBytes(StandardCharsets.US_ASCII));
			for (long written = 0; written < bytes; written += chunk.length) {
				out.write(chunk);
			}
			out.write("\"}".getBytes(StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			// the client stopped reading: that is what a capped client does
		}
	}

	private void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.release.countDown();
		this.server.stop(0);
	}

}
