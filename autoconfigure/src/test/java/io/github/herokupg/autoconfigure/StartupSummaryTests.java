package io.github.herokupg.autoconfigure;

import java.util.List;

import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one line an operator reads at startup: what was found, where each pool connects,
 * the SSL mode, the source and the schedule, and nothing secret. The behaviour under test
 * is the log line itself.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupSummaryTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(HerokuPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class));

	@Test
	void oneLineSaysWhereEachPoolConnectsAndHowItIsRefreshed(CapturedOutput output) {
		TestRole role = SharedHerokuPostgres.newRole("summary");
		String url = role.databaseUrl();
		this.runner
			.withPropertyValues("DATABASE_URL=" + url, "DATABASE_CONNECTION_POOL_URL=" + url,
					"heroku.postgres.refresh.interval=10m", "heroku.postgres.refresh.min-interval=45s",
					"heroku.postgres.ssl.mode=verify-full", "heroku.postgres.ssl.root-cert="
							+ SharedHerokuPostgres.get().caCertificate())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				List<String> lines = output.getOut().lines().filter((line) -> line.contains("Heroku Postgres: found")).toList();
				assertThat(lines).hasSize(1);
				String line = lines.get(0);
				String endpoint = "localhost:" + SharedHerokuPostgres.get().port() + "/postgres as "
						+ role.name().substring(0, 3);
				assertThat(line).contains("found DATABASE_URL, DATABASE_CONNECTION_POOL_URL")
					.contains("application pool via the pooler " + endpoint)
					.contains("migrations " + endpoint)
					.contains("sslmode verify-full")
					.contains("source env")
					.contains("refresh every 10m, and on a rejected password (at most one requested fetch per 45s)")
					.contains(" INFO ")
					.doesNotContain(role.password())
					.doesNotContain(role.name());
			});
	}

}
