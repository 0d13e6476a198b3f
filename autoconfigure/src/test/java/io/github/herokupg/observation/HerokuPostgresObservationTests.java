package io.github.herokupg.observation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Objects;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.RefreshResult.Outcome;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the observations of fetches, validating logins and connection replacements,
 * against a real database whose password is rotated.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class HerokuPostgresObservationTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(HerokuPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class))
		.withPropertyValues("heroku.postgres.source.type=file", "heroku.postgres.refresh.interval=0",
				"heroku.postgres.refresh.min-interval=0", "spring.datasource.hikari.pool-name=app-pool",
				"spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.minimum-idle=2");

	@Test
	void aRotationIsAFetchWithItsValidatingLoginAndThePoolsReplacementBeneath() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("observed");
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		Recorder registry = new Recorder();
		this.runner.withPropertyValues("heroku.postgres.source.file=" + file)
			.withBean(ObservationRegistry.class, registry::registry)
			.run((context) -> {
				HikariDataSource pool = context.getBean(HikariDataSource.class);
				try (Connection connection = pool.getConnection()) {
					assertThat(connection.isValid(1)).isTrue();
				}
				DatabaseCredentials credentials = context.getBean(DatabaseCredentials.class);
				assertThat(credentials.refresh().outcome()).isEqualTo(Outcome.UNCHANGED);
				TestRole rotated = role.rotate();
				Files.writeString(file, rotated.databaseUrl());
				assertThat(credentials.refresh().outcome()).isEqualTo(Outcome.CHANGED);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> stopped(registry, "heroku.postgres.connections.replacement").size() == 1);

				List<Observation.Context> fetches = stopped(registry, "heroku.postgres.credentials.fetch");
				assertThat(fetches).extracting((fetch) -> key(fetch, "outcome")).containsExactly("unchanged", "changed");
				assertThat(fetches).allSatisfy((fetch) -> {
					assertThat(key(fetch, "endpoint")).isEqualTo("direct");
					assertThat(key(fetch, "source")).isEqualTo("file");
					assertThat(fetch.getContextualName()).isEqualTo("heroku-postgres credentials fetch");
				});
				Observation.Context changed = fetches.get(1);

				List<Observation.Context> validations = stopped(registry, "heroku.postgres.credentials.validation");
				assertThat(validations).hasSize(1);
				Observation.Context validation = validations.get(0);
				assertThat(key(validation, "purpose")).isEqualTo("new-credentials");
				assertThat(key(validation, "outcome")).isEqualTo("accepted");
				assertThat(key(validation, "endpoint")).isEqualTo("direct");
				assertThat(parentOf(validation)).isSameAs(changed);

				Observation.Context replacement = stopped(registry, "heroku.postgres.connections.replacement").get(0);
				assertThat(key(replacement, "pool")).isEqualTo("app-pool");
				assertThat(key(replacement, "mode")).isEqualTo("rolling");
				assertThat(key(replacement, "outcome")).isEqualTo("replaced");
				assertThat(parentOf(replacement)).isSameAs(changed);

				assertNothingSecret(registry, role, rotated);
			});
	}

	@Test
	void aRejectedPasswordIsARejectedValidationInAFailedFetch() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("observedreject");
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		Recorder registry = new Recorder();
		this.runner.withPropertyValues("heroku.postgres.source.file=" + file)
			.withBean(ObservationRegistry.class, registry::registry)
			.run((context) -> {
				DatabaseCredentials credentials = context.getBean(DatabaseCredentials.class);
				String wrong = role.databaseUrl().replace(role.password(), "pwnotthepassword0000000000000000");
				Files.writeString(file, wrong);
				assertThat(credentials.refresh().outcome()).isEqualTo(Outcome.FAILED);
				Observation.Context fetch = stopped(registry, "heroku.postgres.credentials.fetch").get(0);
				assertThat(key(fetch, "outcome")).isEqualTo("failed");
				Observation.Context validation = stopped(registry, "heroku.postgres.credentials.validation").get(0);
				assertThat(key(validation, "outcome")).isEqualTo("rejected");
				assertThat(validation.getError()).isNotNull();
				assertThat(validation.getError().getMessage()).isEqualTo("org.postgresql.util.PSQLException (SQL state 28P01)");
				assertNothingSecret(registry, role, role);
			});
	}

	@Test
	void withoutARegistryNothingIsObserved() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("unobserved");
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		this.runner.withPropertyValues("heroku.postgres.source.file=" + file).run((context) -> {
			DatabaseCredentials credentials = context.getBean(DatabaseCredentials.class);
			assertThat(credentials.observationRegistry()).isSameAs(ObservationRegistry.NOOP);
			Files.writeString(file, role.rotate().databaseUrl());
			assertThat(credentials.refresh().outcome()).isEqualTo(Outcome.CHANGED);
		});
	}

	private static List<Observation.Context> stopped(Recorder registry, String name) {
		return registry.stopped.stream().filter((context) -> name.equals(context.getName())).toList();
	}

	private static String key(Observation.Context context, String key) {
		KeyValue value = context.getLowCardinalityKeyValue(key);
		return (value != null) ? value.getValue() : "(none)";
	}

	private static Object parentOf(Observation.Context context) {
		return Objects.requireNonNull(context.getParentObservation(), "no parent").getContextView();
	}

	private static void assertNothingSecret(Recorder registry, TestRole... roles) {
		registry.stopped.forEach((context) -> {
			StringBuilder text = new StringBuilder(context.getName()).append(context.getContextualName());
			context.getAllKeyValues().forEach((value) -> text.append(value.getKey()).append(value.getValue()));
			if (context.getError() != null) {
				text.append(context.getError().getMessage());
			}
			for (TestRole role : roles) {
				assertThat(text.toString()).doesNotContain(role.password()).doesNotContain(role.name());
			}
			assertThat(text.toString()).doesNotContain("localhost").doesNotContain("127.0.0.1");
		});
	}

	/**
	 * A registry whose handler records every observation that stopped.
	 */
	private static final class Recorder implements ObservationHandler<Observation.Context> {

		final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

		private final ObservationRegistry registry = ObservationRegistry.create();

		Recorder() {
			this.registry.observationConfig().observationHandler(this);
		}

		ObservationRegistry registry() {
			return this.registry;
		}

		@Override
		public void onStop(Observation.Context context) {
			this.stopped.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
