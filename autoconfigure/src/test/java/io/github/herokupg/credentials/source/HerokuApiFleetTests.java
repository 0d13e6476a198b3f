package io.github.herokupg.credentials.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.github.herokupg.testsupport.FakeHerokuApi;
import io.github.herokupg.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the Heroku API source does for a fleet sharing one token: conditional GETs, the
 * rate limit and {@code Retry-After} reported to the pacing, redirects refused.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class HerokuApiFleetTests {

	private static final String URL = "postgres://u:p@h/db";

	private static final Duration INTERVAL = Duration.ofMinutes(5);

	@Test
	void conditionalGetsKeepTheConfigVarsOnNotModified() {
		try (FakeHerokuApi api = FakeHerokuApi.start("my-app")) {
			api.useEtags();
			api.serve(Map.of("DATABASE_URL", URL, "DATABASE_CONNECTION_POOL_URL", URL + "?pool"));
			HerokuApiCredentialSource source = source(api, null);
			assertThat(source.fetchWith(List.of("DATABASE_CONNECTION_POOL_URL")).primary()).isEqualTo(URL);
			assertThat(api.lastHeader("If-None-Match")).isNull();
			ConnectionStrings again = source.fetchWith(List.of("DATABASE_CONNECTION_POOL_URL"));
			assertThat(api.lastHeader("If-None-Match")).isNotNull();
			assertThat(api.notModified()).isEqualTo(1);
			assertThat(again.primary()).isEqualTo(URL);
			assertThat(again.get("DATABASE_CONNECTION_POOL_URL")).isEqualTo(URL + "?pool");
			api.serve(Map.of("DATABASE_URL", URL + "?rotated"));
			assertThat(source.fetch()).isEqualTo(URL + "?rotated");
			assertThat(api.notModified()).isEqualTo(1);
		}
	}

	@Test
	void refusesRedirectsSoThatTheTokenStaysWithTheApi() {
		try (FakeHerokuApi api = FakeHerokuApi.start("my-app")) {
			api.answer(302, "");
			api.header("Location", "https://collector.example.com/apps/my-app/config-vars");
			assertThatExceptionOfType(CredentialSourceException.class).isThrownBy(() -> source(api, null).fetch())
				.withMessageContaining("redirect to collector.example.com")
				.withMessageContaining("not followed")
				.withMessageNotContaining("t0ken");
		}
	}

	@Test
	void reportsTheRateLimitAndRetryAfterToThePacing() {
		Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
		FetchPacing pacing = new FetchPacing(clock, 0);
		try (FakeHerokuApi api = FakeHerokuApi.start("my-app")) {
			api.serve(Map.of("DATABASE_URL", URL));
			api.header("RateLimit-Remaining", "250");
			source(api, pacing).fetch();
			assertThat(pacing.remaining()).isEqualTo(250);
			assertThat(pacing.nextDelay(INTERVAL, INTERVAL)).isEqualTo(INTERVAL.multipliedBy(9));
			api.answer(429, "{\"id\":\"rate_limit\"}");
			api.header("RateLimit-Remaining", "0");
			api.header("Retry-After", "3600");
			assertThatExceptionOfType(CredentialSourceException.class).isThrownBy(() -> source(api, pacing).fetch())
				.withMessageContaining("429");
			assertThat(pacing.nextDelay(Duration.ofSeconds(5), INTERVAL)).isEqualTo(Duration.ofHours(1));
			// until then, nothing asks the API at all: not even a fetch after a rejected password
			int requests = api.requests();
			assertThatExceptionOfType(CredentialSourceException.class).isThrownBy(() -> source(api, pacing).fetch())
				.withMessageContaining("no request before");
			assertThat(api.requests()).isEqualTo(requests);
		}
	}

	@Test
	void backsOffExponentiallyAfterRepeated429sWithoutRetryAfter() {
		MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
		FetchPacing pacing = new FetchPacing(clock, 0);
		pacing.throttled(null, Duration.ofSeconds(5), Duration.ofMinutes(10));
		Duration first = Duration.between(clock.instant(), pacing.holdUntil());
		assertThat(first).isBetween(Duration.ofMillis(2500), Duration.ofMillis(7500));
		for (int i = 0; i < 10; i++) {
			pacing.throttled(null, Duration.ofSeconds(5), Duration.ofMinutes(10));
		}
		assertThat(Duration.between(clock.instant(), pacing.holdUntil())).isBetween(Duration.ofMinutes(5),
				Duration.ofMinutes(15));
		clock.advance(Duration.ofMinutes(16));
		assertThat(pacing.holdUntil()).isNull();
		pacing.answered();
		pacing.throttled(null, Duration.ofSeconds(5), Duration.ofMinutes(10));
		assertThat(Duration.between(clock.instant(), pacing.holdUntil())).isLessThan(Duration.ofSeconds(8));
	}

	@Test
	void pacingNeverGoesBelowTheIntervalAndStretchesAsTheBucketDrains() {
		Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
		FetchPacing pacing = new FetchPacing(clock, 0);
		assertThat(pacing.nextDelay(INTERVAL, INTERVAL)).isEqualTo(INTERVAL);
		pacing.record(4500, null);
		assertThat(pacing.nextDelay(INTERVAL, INTERVAL)).isEqualTo(INTERVAL);
		// half of the bucket is kept for rotations and other users of the token
		pacing.record(2250, null);
		assertThat(pacing.nextDelay(INTERVAL, INTERVAL)).isEqualTo(INTERVAL);
		pacing.record(2249, null);
		assertThat(pacing.nextDelay(INTERVAL, INTERVAL)).isEqualTo(INTERVAL.multipliedBy(2));
		pacing.record(999, null);
		assertThat(pacing.nextDelay(INTERVAL, INTERVAL)).isEqualTo(INTERVAL.multipliedBy(3));
		pacing.record(1, null);
		assertThat(pacing.nextDelay(INTERVAL, INTERVAL)).isEqualTo(INTERVAL.multipliedBy(20));
		// a retry after a failure stays quick while the bucket is not drained
		pacing.record(3000, null);
		assertThat(pacing.nextDelay(Duration.ofSeconds(5), INTERVAL)).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void jitterSpreadsTheDelaysAroundTheInterval() {
		FetchPacing pacing = new FetchPacing(Clock.systemUTC(), 0.1);
		List<Duration> delays = IntStream.range(0, 200)
			.mapToObj((i) -> pacing.jittered(INTERVAL))
			.toList();
		assertThat(delays).allSatisfy((delay) -> assertThat(delay).isBetween(Duration.ofSeconds(270),
				Duration.ofSeconds(330)));
		assertThat(delays.stream().distinct().count()).isGreaterThan(100);
		assertThat(new FetchPacing(Clock.systemUTC(), 0).jittered(INTERVAL)).isEqualTo(INTERVAL);
	}

	private static HerokuApiCredentialSource source(FakeHerokuApi api, FetchPacing pacing) {
		return new HerokuApiCredentialSource(api.baseUrl(), "my-app", "t0ken", "DATABASE_URL", Duration.ofSeconds(5),
				pacing);
	}

}
