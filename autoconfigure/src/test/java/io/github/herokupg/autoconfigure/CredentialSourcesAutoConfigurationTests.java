package io.github.herokupg.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.herokupg.credentials.CredentialRefreshScheduler;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.source.CredentialSource;
import io.github.herokupg.credentials.source.CredentialSourceException;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.FakeHerokuApi;
import io.github.herokupg.testsupport.SuppliedCredentialSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code heroku.postgres.source.*} and {@code heroku.postgres.refresh.*}
 * properties of {@link HerokuPostgresAutoConfiguration}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class CredentialSourcesAutoConfigurationTests {

	private static TestRole role;

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(HerokuPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class));

	@BeforeAll
	static void createRole() {
		role = SharedHerokuPostgres.newRole("sourceconfig");
	}

	@Test
	void readsHerokuApiWithTokenFromHerokuApiKey() {
		try (FakeHerokuApi api = FakeHerokuApi.start("my-app")) {
			api.serve("DATABASE_URL", role.databaseUrl());
			this.runner
				.withPropertyValues("heroku.postgres.source.type=heroku-api",
						"heroku.postgres.source.heroku-api.app=my-app",
						"heroku.postgres.source.heroku-api.base-url=" + api.baseUrl(), "HEROKU_API_KEY=key-from-env")
				.run((context) -> {
					assertThat(context.getBean(DatabaseCredentials.class).status().sourceType()).isEqualTo("heroku-api");
					assertThat(api.lastHeader("Authorization")).isEqualTo("Bearer key-from-env");
					assertThat(context).hasSingleBean(CredentialRefreshScheduler.class);
					assertThat(context.getBean(CredentialRefreshScheduler.class).isRunning()).isTrue();
				});
		}
	}

	@Test
	void readsTheOutputOfACommand() throws Exception {
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		this.runner.withPropertyValues("heroku.postgres.source.type=command", "heroku.postgres.source.command=cat " + file)
			.run((context) -> assertThat(context.getBean(DatabaseCredentials.class).current().url().username())
				.isEqualTo(role.name()));
	}

	@Test
	void refreshesPeriodicallyOnlyWhenAskedForTheEnvSource() {
		this.runner.withPropertyValues("DATABASE_URL=" + role.databaseUrl())
			.run((context) -> assertThat(context).doesNotHaveBean(CredentialRefreshScheduler.class));
		this.runner.withPropertyValues("DATABASE_URL=" + role.databaseUrl(), "heroku.postgres.refresh.interval=1m")
			.run((context) -> assertThat(context).hasSingleBean(CredentialRefreshScheduler.class));
	}

	@Test
	void periodicRefreshCanBeTurnedOff() throws Exception {
		Path file = Files.writeString(this.directory.resolve("url"), role.databaseUrl());
		this.runner
			.withPropertyValues("heroku.postgres.source.type=file", "heroku.postgres.source.file=" + file,
					"heroku.postgres.refresh.interval=0")
			.run((context) -> assertThat(context).hasSingleBean(DatabaseCredentials.class)
				.doesNotHaveBean(CredentialRefreshScheduler.class));
	}

	@Test
	void usesTheApplicationsCredentialSource() {
		this.runner.withBean(CredentialSource.class, () -> new SuppliedCredentialSource("vault", role::databaseUrl))
			.run((context) -> assertThat(context.getBean(DatabaseCredentials.class).status().sourceType())
				.isEqualTo("vault"));
	}

	@Test
	void failsClearlyWhenTheSourceIsIncomplete() {
		this.runner.withPropertyValues("heroku.postgres.source.type=file")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(CredentialSourceException.class)
				.hasMessage("heroku.postgres.source.file is not set, but heroku.postgres.source.type is file"));
	}

}
