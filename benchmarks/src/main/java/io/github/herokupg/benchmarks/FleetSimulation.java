package io.github.herokupg.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.herokupg.credentials.source.CredentialSourceException;
import io.github.herokupg.credentials.source.FetchPacing;
import io.github.herokupg.credentials.source.HerokuApiCredentialSource;
import io.github.herokupg.testsupport.MutableClock;

/**
 * A fleet of instances polling the Heroku Platform API with one token, for a simulated
 * day with one rotation in it: real {@link HerokuApiCredentialSource} and
 * {@link FetchPacing} objects, real HTTP, against a local server that enforces Heroku's
 * token bucket (4,500 tokens, 75 a minute, 429 with {@code Retry-After} when empty,
 * {@code ETag}/304, every request costs a token). Time is compressed: the server and the
 * sources share one virtual clock, and each instance's next fetch is scheduled as the
 * starter's refresh scheduler schedules it. Prints {@code BENCH fleet instances=… http429=…
 * tokens-per-instance-hour=… p50-ms=… p99-ms=… max-ms=…} for periodic refresh, then the same
 * figures of refresh on a rejected password, prefixed {@code auth-failure-}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class FleetSimulation {

	private static final Duration INTERVAL = HerokuApiCredentialSource.DEFAULT_INTERVAL;

	private static final Duration MIN_INTERVAL = Duration.ofSeconds(5);

	private static final Duration DAY = Duration.ofHours(24);

	private static final long ROTATION_AT = Duration.ofHours(12).toMillis();

	private FleetSimulation() {
	}

	static String run(int instances) {
		Result periodic = simulate(instances, false);
		Result authFailure = simulate(instances, true);
		double tokens = authFailure.tokensPerInstanceHour(instances);
		double p99 = authFailure.percentile(99) / 60_000.0;
		double max = authFailure.percentile(100) / 60_000.0;
		boolean met = tokens <= 2.25 && authFailure.http429() == 0 && p99 <= 2 && max <= 5;
		return String.format(Locale.ROOT,
				"BENCH fleet instances=%d tokens-per-instance-hour=%.2f rotation-p99-min=%.2f rotation-max-min=%.2f "
						+ "http429=%d goal=tokens<=2.25,http429=0,p99<=2,max<=5 met=%s periodic-only-http429=%d "
						+ "periodic-only-tokens-per-instance-hour=%.2f periodic-only-p50-min=%.1f "
						+ "periodic-only-p99-min=%.1f periodic-only-max-min=%.1f",
				instances, tokens, p99, max, authFailure.http429(), met, periodic.http429(),
				periodic.tokensPerInstanceHour(instances), periodic.percentile(50) / 60_000.0,
				periodic.percentile(99) / 60_000.0, periodic.percentile(100) / 60_000.0);
	}

	private static Result simulate(int instances, boolean refreshOnAuthFailure) {
		MutableClock clock = new MutableClock(Instant.EPOCH);
		try (BucketServer server = BucketServer.start(clock)) {
			List<Instance> fleet = new ArrayList<>();
			PriorityQueue<Event> events = new PriorityQueue<>();
			for (int i = 0; i < instances; i++) {
				FetchPacing pacing = new FetchPacing(clock, 0.1);
				Instance instance = new Instance(new HerokuApiCredentialSource(server.baseUrl(), "fleet", "t0ken",
						"DATABASE_URL", Duration.ofSeconds(10), pacing), pacing);
				fleet.add(instance);
				// every instance loads at startup, then schedules its first periodic fetch
				events.add(new Event(0, instance, false));
			}
			List<Long> propagation = new ArrayList<>();
			boolean rotated = false;
			while (!events.isEmpty() && events.peek().at() <= DAY.toMillis()) {
				Event event = events.poll();
				if (!rotated && event.at() >= ROTATION_AT) {
					clock.set(ROTATION_AT);
					server.rotate();
					rotated = true;
					if (refreshOnAuthFailure) {
						// the rotation ends every session: each instance meets 28P01 when it reconnects
						for (Instance instance : fleet) {
							events.add(new Event(ROTATION_AT + ThreadLocalRandom.current().nextLong(1000), instance, true));
						}
					}
					events.add(event);
					continue;
				}
				clock.set(event.at());
				Instance instance = event.instance();
				if (event.authFailure() && instance.current()) {
					continue;
				}
				long next;
				try {
					String url = instance.source().fetch();
					instance.failures = 0;
					if (rotated && url.equals(server.url()) && !instance.current()) {
						instance.markCurrent();
						propagation.add(event.at() - ROTATION_AT);
					}
					next = event.authFailure() ? -1 : instance.pacing().nextDelay(INTERVAL, INTERVAL).toMillis();
				}
				catch (CredentialSourceException ex) {
					instance.failures++;
					if (event.authFailure()) {
						// a failure-triggered fetch is tried again after the minimum interval
						events.add(new Event(event.at() + MIN_INTERVAL.toMillis(), instance, true));
						continue;
					}
					Duration backoff = MIN_INTERVAL.multipliedBy(1L << Math.min(instance.failures - 1, 20));
					next = instance.pacing()
						.nextDelay((backoff.compareTo(INTERVAL) < 0) ? backoff : INTERVAL, INTERVAL)
						.toMillis();
				}
				if (next >= 0) {
					long delay = (event.at() == 0) ? instance.pacing().jittered(INTERVAL).toMillis() : next;
					events.add(new Event(event.at() + Math.max(delay, 1), instance, false));
				}
			}
			return new Result(server.tokensSpent(), server.http429(), propagation, fleet.size());
		}
	}

	private static final class Instance {

		private final HerokuApiCredentialSource source;

		private final FetchPacing pacing;

		private int failures;

		private boolean current;

		Instance(HerokuApiCredentialSource source, FetchPacing pacing) {
			this.source = source;
			this.pacing = pacing;
		}

		HerokuApiCredentialSource source() {
			return this.source;
		}

		FetchPacing pacing() {
			return this.pacing;
		}

		boolean current() {
			return this.current;
		}

		void markCurrent() {
			this.current = true;
		}

	}

	private record Event(long at, Instance instance, boolean authFailure) implements Comparable<Event> {

		@Override
		public int compareTo(Event other) {
			return Long.compare(this.at, other.at);
		}

	}

	private record Result(long tokens, long http429, List<Long> propagation, int instances) {

		double tokensPerInstanceHour(int instances) {
			return (double) this.tokens / instances / DAY.toHours();
		}

		long percentile(int percentile) {
			if (this.propagation.size() < this.instances) {
				return -1;
			}
			long[] sorted = this.propagation.stream().mapToLong(Long::longValue).sorted().toArray();
			int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
			return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
		}

	}

	/**
	 * The Platform API's config vars of one app behind Heroku's token bucket.
	 */
	static final class BucketServer implements AutoCloseable {

		private static final double CAPACITY = 4500;

		private static final double REFILL_PER_MILLI = 75.0 / 60_000;

		private final HttpServer server;

		private final MutableClock clock;

		private double tokens = CAPACITY;

		private long refilledAt;

		private long spent;

		private long http429;

		private volatile String url = "postgres://fleet:before@db.example.com:5432/d1";

		private BucketServer(HttpServer server, MutableClock clock) {
			this.server = server;
			this.clock = clock;
		}

		static BucketServer start(MutableClock clock) {
			try {
				HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
				BucketServer bucket = new BucketServer(server, clock);
				server.createContext("/apps/fleet/config-vars", bucket::handle);
				server.start();
				return bucket;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		String baseUrl() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		String url() {
			return this.url;
		}

		void rotate() {
			this.url = "postgres://fleet:after@db.example.com:5432/d1";
		}

		synchronized long tokensSpent() {
			return this.spent;
		}

		synchronized long http429() {
			return this.http429;
		}

		private void handle(HttpExchange exchange) throws IOException {
			int status;
			byte[] body = new byte[0];
			String etag = "\"" + Integer.toHexString(this.url.hashCode()) + "\"";
			synchronized (this) {
				long now = this.clock.millis();
				this.tokens = Math.min(CAPACITY, this.tokens + (now - this.refilledAt) * REFILL_PER_MILLI);
				this.refilledAt = now;
				if (this.tokens < 1) {
					this.http429++;
					status = 429;
					long wait = (long) Math.ceil((1 - this.tokens) / REFILL_PER_MILLI / 1000);
					exchange.getResponseHeaders().set("Retry-After", String.valueOf(Math.max(wait, 1)));
				}
				else {
					this.tokens -= 1;
					this.spent++;
					status = etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match")) ? 304 : 200;
				}
				exchange.getResponseHeaders().set("RateLimit-Remaining", String.valueOf((long) Math.floor(this.tokens)));
			}
			if (status == 200) {
				body = ("{\"DATABASE_URL\":\"" + this.url + "\"}").getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("ETag", etag);
			}
			exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
			if (body.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
			exchange.close();
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

}
