package io.github.herokupg.credentials.source;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.herokupg.credentials.BackgroundTasks;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.testsupport.Allocations;
import io.github.herokupg.testsupport.CountingCredentialSource;
import io.github.herokupg.testsupport.FakeHerokuApi;
import io.github.herokupg.testsupport.MutableClock;
import io.github.herokupg.testsupport.SuppliedCredentialSource;
import io.github.herokupg.url.DatabaseUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Attacks on the Platform API source: a base URL that would send the token in clear
 * text, an app name that would reach another path, answers that never end or ask for a
 * day of silence, fetches that hang, and callers that ask for fetches faster than the
 * rate limit allows.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class HerokuApiHardeningTests {

	private static final String URL = "postgres://u:p@db.example.com/db";

	private final BackgroundTasks tasks = new BackgroundTasks();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));

	@AfterEach
	void stopBackgroundTasks() {
		this.tasks.close();
	}

	@Test
	void refusesPlainHttpExceptToThisMachine() {
		for (String baseUrl : new String[] { "http://api.heroku.com", "http://127.attacker.example",
				"http://10.0.0.1:8080", "ftp://api.heroku.com", "https://user:pw@api.heroku.com", "api.heroku.com" }) {
			assertThatExceptionOfType(CredentialSourceException.class).as(baseUrl)
				.isThrownBy(() -> source(baseUrl, "my-app", null))
				.withMessageNotContaining("t0ken");
		}
		assertThat(source("https://api.heroku.com", "my-app", null).location()).isEqualTo("my-app (DATABASE_URL)");
		assertThat(source("http://localhost:8080", "my-app", null)).isNotNull();
		assertThat(source("http://[::1]:8080/", "my-app", null)).isNotNull();
	}

	@Test
	void sendsTheAppAsOnePathSegment() {
		try (FakeHerokuApi api = FakeHerokuApi.start("my-app")) {
			assertThatExceptionOfType(CredentialSourceException.class)
				.isThrownBy(() -> source(api.baseUrl(), "../../account?x=1#y", null).fetch())
				.withMessageContaining("404");
			assertThat(api.lastUnknownPath()).isEqualTo("/apps/%2E%2E%2F%2E%2E%2Faccount%3Fx%3D1%23y/config-vars");
			assertThat(api.requests()).isZero();
		}
	}

	@Test
	void refusesATenMegabyteAnswerWithoutHoldingIt() {
		try (FakeHerokuApi api = FakeHerokuApi.start("my-app")) {
			api.stream(10L * 1024 * 1024);
			long before = Allocations.allocatedBytes();
			assertThatExceptionOfType(CredentialSourceException.class)
				.isThrownBy(() -> source(api.baseUrl(), "my-app", null).fetch())
				.withMessage("Heroku API answered with more than 1024 KiB; config vars are far smaller");
			long allocated = Allocations.allocatedBytes() - before;
			assertThat(allocated).as("bytes allocated while refusing a 10 MiB answer").isLessThan(8L * 1024 * 1024);
		}
	}

	@Test
	void capsRetryAfterAtAnHour() {
		try (FakeHerokuApi api = FakeHerokuApi.start("my-app")) {
			FetchPacing pacing = new FetchPacing(this.clock, 0);
			api.header("Retry-After", "86400");
			api.answer(429, "{\"id\":\"rate_limit\"}");
			assertThatExceptionOfType(CredentialSourceException.class)
				.isThrownBy(() -> source(api.baseUrl(), "my-app", pacing).fetch());
			assertThat(pacing.holdUntil()).isNotNull().isBeforeOrEqualTo(this.clock.instant().plus(Duration.ofHours(1)));
			api.answer(503, "{}");
			this.clock.advance(Duration.ofHours(2));
			assertThatExceptionOfType(CredentialSourceException.class)
				.isThrownBy(() -> source(api.baseUrl(), "my-app", pacing).fetch());
			assertThat(pacing.holdUntil()).isEqualTo(this.clock.instant().plus(Duration.ofHours(1)));
		}
	}

	@Test
	void honoursRetryAfterAsAnHttpDate() {
		try (FakeHerokuApi api = FakeHerokuApi.start("my-app")) {
			FetchPacing pacing = new FetchPacing(this.clock, 0);
			Instant until = this.clock.instant().plusSeconds(120);
			api.header("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(until.atOffset(ZoneOffset.UTC)));
			api.answer(503, "{}");
			assertThatExceptionOfType(CredentialSourceException.class)
				.isThrownBy(() -> source(api.baseUrl(), "my-app", pacing).fetch());
			assertThat(pacing.holdUntil()).isEqualTo(until);
		}
	}

	@Test
	void holdsOnlyTheWatchedConfigVars() {
		try (FakeHerokuApi api = FakeHerokuApi.start("my-app")) {
			api.useEtags();
			api.serve(Map.of("DATABASE_URL", URL, "STRIPE_SECRET_KEY", "sk_live_x", "AWS_SECRET_ACCESS_KEY", "y"));
			HerokuApiCredentialSource source = source(api.baseUrl(), "my-app", null);
			assertThat(source.fetch()).isEqualTo(URL);
			assertThat(source.heldVariables()).containsExactly("DATABASE_URL");
		}
	}

	@Test
	void aTimedOutFetchInterruptsItsWorker() {
		CountDownLatch never = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		CredentialSource hanging = new SuppliedCredentialSource("heroku-api", () -> {
			try {
				never.await(1, TimeUnit.HOURS);
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
			}
			return URL;
		});
		TimeBoundedCredentialSource bounded = new TimeBoundedCredentialSource(hanging, Duration.ofMillis(200),
				this.tasks);
		assertThatExceptionOfType(CredentialSourceException.class).isThrownBy(bounded::fetch)
			.withMessage("heroku-api source did not answer within 200ms");
		await().atMost(Duration.ofSeconds(5)).untilTrue(interrupted);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.tasks.activeThreads() == 0);
	}

	@Test
	void requestedFetchesObeyThePacingOfTheRateLimit() {
		FetchPacing pacing = new FetchPacing(this.clock, 0);
		CountingCredentialSource source = new CountingCredentialSource(new SuppliedCredentialSource("heroku-api",
				() -> URL));
		DatabaseCredentials credentials = new DatabaseCredentials(source, URL,
				(url) -> DatabaseUrl.parse("DATABASE_URL", url), (url) -> {
				}, this.clock, Duration.ofSeconds(5), this.tasks, pacing);
		credentials.requestRefresh();
		assertThat(source.fetches()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(6));
		credentials.requestRefresh();
		assertThat(source.fetches()).as("past the configured floor, the bucket full").isEqualTo(2);
		pacing.record(10, null);
		this.clock.advance(Duration.ofSeconds(6));
		assertThat(credentials.requestRefresh().reason()).contains("fetched less than 100s ago");
		assertThat(source.fetches()).as("the floor stretched as the schedule is, 20 times").isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(100));
		credentials.requestRefresh();
		assertThat(source.fetches()).isEqualTo(3);
	}

	private static HerokuApiCredentialSource source(String baseUrl, String app, FetchPacing pacing) {
		return new HerokuApiCredentialSource(baseUrl, app, "t0ken", "DATABASE_URL", Duration.ofSeconds(5), pacing);
	}

}
