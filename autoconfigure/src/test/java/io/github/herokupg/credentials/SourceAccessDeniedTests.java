package io.github.herokupg.credentials;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.github.herokupg.credentials.source.HerokuApiCredentialSource;
import io.github.herokupg.health.DatabaseCredentialsHealthIndicator;
import io.github.herokupg.testsupport.FakeHerokuApi;
import io.github.herokupg.url.DatabaseUrl;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A token the Heroku API refuses (401, 403): polling stops, loudly, and the health goes
 * down with the masked reason, since asking again cannot help.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class SourceAccessDeniedTests {

	private static final String TOKEN = "t0ken-4f1c2d";

	@Test
	void aRejectedTokenStopsPollingAndTurnsHealthDown() {
		try (FakeHerokuApi api = FakeHerokuApi.start("my-app")) {
			api.serve(Map.of("DATABASE_URL", "postgres://u:p@localhost/db"));
			DatabaseCredentials credentials = credentials(api);
			DatabaseCredentialsHealthIndicator health = new DatabaseCredentialsHealthIndicator(credentials,
					Clock.systemUTC());
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			CredentialRefreshScheduler scheduler = new CredentialRefreshScheduler(credentials, Duration.ofMillis(100),
					Duration.ofMillis(50));
			scheduler.start();
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> api.requests() > 3);
				api.answer(401, "{\"id\":\"unauthorized\"}");
				await().atMost(Duration.ofSeconds(10)).until(() -> credentials.status().sourceDenied());
				int requests = api.requests();
				await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
					.until(() -> api.requests() == requests);
				Health down = health.health();
				assertThat(down.getStatus()).isEqualTo(Status.DOWN);
				assertThat(String.valueOf(down.getDetails().get("lastError"))).contains("401").doesNotContain(TOKEN);
				api.serve(Map.of("DATABASE_URL", "postgres://u:p@localhost/db"));
				credentials.requestRefresh();
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			}
			finally {
				scheduler.stop();
			}
		}
	}

	private static DatabaseCredentials credentials(FakeHerokuApi api) {
		return new DatabaseCredentials(
				new HerokuApiCredentialSource(api.baseUrl(), "my-app", TOKEN, "DATABASE_URL", Duration.ofSeconds(5)),
				(url) -> DatabaseUrl.parse("DATABASE_URL", url), (url) -> {
				}, Clock.systemUTC(), Duration.ZERO);
	}

	@Test
	void otherFailuresKeepPolling() {
		try (FakeHerokuApi api = FakeHerokuApi.start("my-app")) {
			api.serve(Map.of("DATABASE_URL", "postgres://u:p@localhost/db"));
			DatabaseCredentials credentials = credentials(api);
			api.answer(503, "{}");
			CredentialRefreshScheduler scheduler = new CredentialRefreshScheduler(credentials, Duration.ofMillis(100),
					Duration.ofMillis(50));
			scheduler.start();
			try {
				int requests = api.requests();
				await().atMost(Duration.ofSeconds(10)).until(() -> api.requests() > requests + 3);
				assertThat(credentials.status().sourceDenied()).isFalse();
			}
			finally {
				scheduler.stop();
			}
		}
	}

}
