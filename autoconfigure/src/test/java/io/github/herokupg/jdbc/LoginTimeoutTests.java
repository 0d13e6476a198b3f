package io.github.herokupg.jdbc;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.github.herokupg.credentials.BackgroundTasks;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.RefreshResult;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.testsupport.StallingServer;
import io.github.herokupg.testsupport.SuppliedCredentialSource;
import io.github.herokupg.url.DatabaseUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The starter's own logins against a server that accepts TCP and never completes the
 * handshake: validating new credentials and the health probe both return within the
 * login timeout instead of hanging the refresh or the health request.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@Timeout(60)
class LoginTimeoutTests {

	private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(2);

	private final PostgresConnector connector = new PostgresConnector(Map.of(), Map.of(), Map.of(), LOGIN_TIMEOUT);

	private final StallingServer stalling = StallingServer.start();

	private final BackgroundTasks tasks = new BackgroundTasks();

	@AfterEach
	void stop() {
		this.stalling.close();
		this.tasks.close();
	}

	@Test
	void validatingCredentialsOnAStallingServerReturnsWithinTheLoginTimeout() {
		AtomicReference<String> url = new AtomicReference<>(SharedHerokuPostgres.newRole("stall").databaseUrl());
		DatabaseCredentials credentials = new DatabaseCredentials(new SuppliedCredentialSource("file", url::get),
				url.get(), (value) -> DatabaseUrl.parse("DATABASE_URL", value), this.connector, Clock.systemUTC(),
				Duration.ZERO, this.tasks, null);
		url.set(this.stalling.databaseUrl());
		long started = System.nanoTime();
		RefreshResult result = credentials.refresh();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(result.outcome()).isEqualTo(RefreshResult.Outcome.FAILED);
		assertThat(result.reason()).doesNotContain("secret-password");
		assertThat(this.stalling.connections()).isPositive();
		assertThat(took).isLessThan(LOGIN_TIMEOUT.plusSeconds(2));
	}

	@Test
	void theHealthProbeOnAStallingServerReturnsWithinTheLoginTimeout() {
		DatabaseCredentials credentials = new DatabaseCredentials(
				new SuppliedCredentialSource("file", this.stalling::databaseUrl), this.stalling.databaseUrl(),
				(value) -> DatabaseUrl.parse("DATABASE_URL", value), this.connector, Clock.systemUTC(), Duration.ZERO,
				this.tasks, null);
		long started = System.nanoTime();
		credentials.probeIfIdle(Duration.ZERO);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(LOGIN_TIMEOUT.plusSeconds(2));
		assertThat(this.stalling.connections()).isPositive();
	}

	@Test
	void aLoginTimeoutInTheConnectionStringCannotLengthenTheBound() {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", this.stalling.databaseUrl() + "?loginTimeout=3600");
		long started = System.nanoTime();
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> this.connector.validate(url));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(LOGIN_TIMEOUT.plusSeconds(2));
	}

}
