package io.github.herokupg.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.herokupg.credentials.BackgroundTasks;
import io.github.herokupg.credentials.CredentialValidator;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.source.CredentialSource;
import io.github.herokupg.test.server.SharedHerokuPostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.CountingCredentialSource;
import io.github.herokupg.testsupport.Gate;
import io.github.herokupg.testsupport.SuppliedCredentialSource;
import io.github.herokupg.url.DatabaseUrl;
import io.github.herokupg.url.SslMode;
import io.github.herokupg.url.SslSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CredentialAwareDataSource} against a real server: which failures
 * trigger a fetch, and how often a rejected password is tried.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class CredentialAwareDataSourceTests {

	private final PostgresConnector connector = new PostgresConnector(Map.of());

	private final BackgroundTasks tasks = new BackgroundTasks();

	@AfterEach
	void stopBackgroundTasks() {
		this.tasks.close();
	}

	@Test
	void capsLoginAttemptsWithARejectedPassword() {
		TestRole role = SharedHerokuPostgres.newRole("capped");
		CountingCredentialSource source = fixed(role.databaseUrl());
		CredentialAwareDataSource dataSource = dataSource(source, SslSettings.DEFAULT);
		role.rotate();
		assertThatExceptionOfType(SQLException.class).isThrownBy(dataSource::getConnection)
			.withMessageContaining("password authentication failed");
		for (int i = 0; i < 10; i++) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(dataSource::getConnection)
				.withMessageContaining("rejected the credentials of generation 1 and no newer ones are available yet")
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
		}
		assertThat(source.fetches()).as("first load and one fetch after the rejection").isEqualTo(2);
	}

	@Test
	void waitsForNewerCredentialsWithinTheLoginTimeoutInsteadOfFailing() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("waiting");
		AtomicReference<String> url = new AtomicReference<>(role.databaseUrl());
		CountingCredentialSource source = new CountingCredentialSource(new SuppliedCredentialSource("test", url::get));
		CredentialAwareDataSource dataSource = dataSource(source, SslSettings.DEFAULT);
		dataSource.setLoginTimeout(30);
		TestRole rotated = role.rotate();
		assertThatExceptionOfType(SQLException.class).isThrownBy(dataSource::getConnection)
			.withMessageContaining("password authentication failed");
		CompletableFuture<String> login = new CompletableFuture<>();
		Thread adder = new Thread(() -> {
			try (Connection connection = dataSource.getConnection()) {
				login.complete(connection.getMetaData().getURL() + " " + connection.isValid(1));
			}
			catch (SQLException ex) {
				login.completeExceptionally(ex);
			}
		}, "connection adder");
		adder.start();
		// waiting, not failed: still open half a second on (a rejected password would end it at once)
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> !login.isDone());
		url.set(rotated.databaseUrl());
		assertThat(this.credentials.refresh().generation()).isEqualTo(2);
		// README: new credentials are used within 200 ms of their arrival
		assertThat(login.get(200, TimeUnit.MILLISECONDS)).endsWith(" true");
		assertThat(source.fetches()).as("first load, the fetch after the rejection, the refresh").isEqualTo(3);
	}

	@Test
	void takesTheConnectionThatValidatedNewCredentialsAsTheFirstWithThem() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("handoff");
		AtomicReference<String> url = new AtomicReference<>(role.databaseUrl());
		CredentialAwareDataSource dataSource = dataSource(url);
		url.set(role.rotate().databaseUrl());
		assertThat(this.credentials.refresh().generation()).isEqualTo(2);
		String backends = "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + role.name() + "'";
		assertThat(role.server().queryForInt(backends)).as("the validating connection, kept").isEqualTo(1);
		try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) {
			assertThat(role.server().queryForInt(backends)).as("one login for two connections").isEqualTo(2);
			assertThat(first.isValid(1) && second.isValid(1)).isTrue();
		}
		url.set(role.rotate().databaseUrl());
		assertThat(this.credentials.refresh().generation()).isEqualTo(3);
		assertThat(role.server().queryForInt(backends)).isEqualTo(1);
		await().atMost(Duration.ofSeconds(20)).until(() -> role.server().queryForInt(backends) == 0);
	}

	@Test
	void waitsForCredentialsBeingValidatedInsteadOfLoggingInWithTheOldOnes() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("validating");
		Gate validation = new Gate();
		HeldRefresh held = refreshHeldInValidation(role, role.rotate().databaseUrl(), validation);
		String backends = "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + role.name() + "'";
		CompletableFuture<Integer> login = waitingConnection(held.dataSource(), (connection) -> {
			assertThat(connection.isValid(1)).isTrue();
			return role.server().queryForInt(backends);
		});
		validation.open();
		assertThat(held.refresh().get(10, TimeUnit.SECONDS)).isEqualTo(2);
		// README: new credentials are used within 200 ms of their arrival
		assertThat(login.get(200, TimeUnit.MILLISECONDS)).as("one login: the validating connection was lent")
			.isEqualTo(1);
		assertThat(this.credentials.status().rejections()).as("no login with the replaced password").isZero();
	}

	@Test
	void aChangeListenerConnectsWithTheNewCredentialsAtOnce() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("listening");
		AtomicReference<String> url = new AtomicReference<>(role.databaseUrl());
		CredentialAwareDataSource dataSource = dataSource(url);
		dataSource.setLoginTimeout(30);
		CompletableFuture<String> user = new CompletableFuture<>();
		this.credentials.addChangeListener((snapshot) -> {
			try (Connection connection = dataSource.getConnection()) {
				user.complete(connection.getMetaData().getUserName());
			}
			catch (SQLException ex) {
				user.completeExceptionally(ex);
			}
		});
		TestRole rotated = role.rotate();
		url.set(rotated.databaseUrl());
		// a listener runs once the change is made: it does not wait out its own validation
		CompletableFuture<Long> refresh = CompletableFuture.supplyAsync(() -> this.credentials.refresh().generation());
		assertThat(refresh.get(5, TimeUnit.SECONDS)).isEqualTo(2);
		assertThat(user.getNow(null)).isEqualTo(rotated.name());
		assertThat(this.credentials.status().rejections()).isZero();
	}

	@Test
	void connectsWithTheCurrentCredentialsWhenTheValidationFails() throws Exception {
		TestRole role = SharedHerokuPostgres.newRole("unvalidated");
		Gate validation = new Gate();
		HeldRefresh held = refreshHeldInValidation(role,
				role.databaseUrl().replace(role.password(), TestRole.randomPassword()), validation);
		CompletableFuture<String> login = waitingConnection(held.dataSource(),
				(connection) -> connection.getMetaData().getUserName());
		validation.open();
		assertThat(held.refresh().get(10, TimeUnit.SECONDS)).as("the database refused the fetched URL").isEqualTo(1);
		// bounded by the end of the validation, not by the login timeout
		assertThat(login.get(1, TimeUnit.SECONDS)).isEqualTo(role.name());
	}

	@Test
	void asksTheSourceOncePerFloorWhenTheHostCannotBeReached() {
		TestRole role = SharedHerokuPostgres.newRole("network");
		CountingCredentialSource source = fixed("postgres://" + role.name() + ":" + role.password() + "@localhost:1/postgres");
		CredentialAwareDataSource dataSource = dataSource(source, SslSettings.DEFAULT);
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(dataSource::getConnection)
				.satisfies((ex) -> assertThat(ex.getSQLState()).startsWith("08"));
		}
		assertThat(source.fetches()).as("the first load and one fetch within the floor").isEqualTo(2);
		assertThat(this.credentials.status().lastServerFailure()).startsWith("SQL state 08001")
			.contains("on [localhost:1]: a fetch runs at ");
	}

	@Test
	void reportsPgHbaRejectionWithoutFetching() {
		TestRole role = SharedHerokuPostgres.newRole("hba");
		CountingCredentialSource source = fixed(role.databaseUrl() + "?sslmode=disable");
		CredentialAwareDataSource dataSource = dataSource(source, new SslSettings(null, null, true));
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(dataSource::getConnection)
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28000"));
		}
		assertThat(source.fetches()).isEqualTo(1);
	}

	@Test
	void opensTlsConnectionsWithTheCurrentCredentials() throws SQLException {
		TestRole role = SharedHerokuPostgres.newRole("current");
		CredentialAwareDataSource dataSource = dataSource(fixed(role.databaseUrl()),
				new SslSettings(SslMode.VERIFY_FULL, SharedHerokuPostgres.get().caCertificate().toString(), false));
		try (Connection connection = dataSource.getConnection()) {
			assertThat(connection.getMetaData().getUserName()).isEqualTo(role.name());
		}
		assertThat(dataSource.toString()).doesNotContain(role.password());
	}

	private DatabaseCredentials credentials;

	private CredentialAwareDataSource dataSource(AtomicReference<String> url) {
		return dataSource(url, this.connector);
	}

	private CredentialAwareDataSource dataSource(AtomicReference<String> url, CredentialValidator validator) {
		return dataSource(new SuppliedCredentialSource("test", url::get), SslSettings.DEFAULT, validator);
	}

	private CredentialAwareDataSource dataSource(CredentialSource source, SslSettings ssl) {
		return dataSource(source, ssl, this.connector);
	}

	private CredentialAwareDataSource dataSource(CredentialSource source, SslSettings ssl,
			CredentialValidator validator) {
		this.credentials = new DatabaseCredentials(source, source.fetch(),
				(url) -> DatabaseUrl.parse("DATABASE_URL", url, ssl), validator, Clock.systemUTC(),
				Duration.ofHours(1), this.tasks, null);
		return new CredentialAwareDataSource(this.credentials, this.connector, true);
	}

	/**
	 * A pool's data source on a role whose source now names another URL, with the
	 * refresh that fetched it held in the validation at a gate.
	 */
	private HeldRefresh refreshHeldInValidation(TestRole role, String next, Gate gate) throws InterruptedException {
		AtomicReference<String> url = new AtomicReference<>(role.databaseUrl());
		CredentialAwareDataSource dataSource = dataSource(url, new HeldValidator(this.connector, gate));
		dataSource.setLoginTimeout(30);
		url.set(next);
		CompletableFuture<Long> refresh = CompletableFuture.supplyAsync(() -> this.credentials.refresh().generation());
		gate.awaitArrival(Duration.ofSeconds(10));
		return new HeldRefresh(dataSource, refresh);
	}

	/**
	 * Ask for a connection in the background, check that the request still waits 300 ms
	 * on, and return what it reads once connected.
	 */
	private static <T> CompletableFuture<T> waitingConnection(CredentialAwareDataSource dataSource,
			ConnectionReader<T> reader) {
		CompletableFuture<T> login = CompletableFuture.supplyAsync(() -> {
			try (Connection connection = dataSource.getConnection()) {
				return reader.read(connection);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		});
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> !login.isDone());
		return login;
	}

	private static CountingCredentialSource fixed(String url) {
		return new CountingCredentialSource(new SuppliedCredentialSource("fixed", () -> url));
	}

	private record HeldRefresh(CredentialAwareDataSource dataSource, CompletableFuture<Long> refresh) {

	}

	@FunctionalInterface
	private interface ConnectionReader<T> {

		T read(Connection connection) throws SQLException;

	}

	/**
	 * Validates with real logins, each held at a gate until the test opens it: a
	 * validation that takes as long as the test needs.
	 */
	private record HeldValidator(PostgresConnector connector, Gate gate) implements CredentialValidator {

		@Override
		public void validate(DatabaseUrl url) throws SQLException {
			validateAndKeep(url).close();
		}

		@Override
		public Connection validateAndKeep(DatabaseUrl url) throws SQLException {
			this.gate.pass();
			return this.connector.validateAndKeep(url);
		}

	}

}
