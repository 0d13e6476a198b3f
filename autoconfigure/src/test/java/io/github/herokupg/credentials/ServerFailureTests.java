package io.github.herokupg.credentials;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServerFailure}: which failures ask the source, which are worth trying
 * again, and that odd failures (no SQL state, a rejected password) are neither.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class ServerFailureTests {

	@Test
	void refusedResetAndTimedOutConnectionsAreUnreachableHosts() {
		for (Exception cause : new Exception[] { new ConnectException("refused"), new NoRouteToHostException("no route"),
				new SocketTimeoutException("connect timed out"), new EOFException() }) {
			SQLException ex = new SQLException("Connection attempt failed", "08001", cause);
			assertThat(ServerFailure.isHostFailure(ex)).as(cause.toString()).isTrue();
			assertThat(ServerFailure.isUnreachable(ex)).as(cause.toString()).isTrue();
		}
	}

	@Test
	void shutdownsAreUnreachableForNow() {
		for (String state : new String[] { "57P01", "57P02", "57P03" }) {
			assertThat(ServerFailure.isHostFailure(new SQLException("shutdown", state))).isTrue();
			assertThat(ServerFailure.isUnreachable(new SQLException("shutdown", state))).isTrue();
		}
	}

	@Test
	void aFailedTlsHandshakeAsksTheSourceButIsNotRetried() {
		SQLException tls = new SQLException("SSL error", "08006",
				new SSLHandshakeException("PKIX path building failed"));
		assertThat(ServerFailure.isHostFailure(tls)).isTrue();
		assertThat(ServerFailure.isUnreachable(tls)).isFalse();
	}

	@Test
	void failuresWithoutAStateOrWithARejectedPasswordAreNeither() {
		SQLException busy = new SQLTransientConnectionException("Connection is not available, request timed out");
		assertThat(ServerFailure.isHostFailure(busy)).isFalse();
		assertThat(ServerFailure.isUnreachable(busy)).isFalse();
		SQLException pgbouncer = new SQLException("FATAL: password authentication failed", "08P01");
		assertThat(ServerFailure.isHostFailure(pgbouncer)).isFalse();
		assertThat(ServerFailure.isHostFailure(new SQLException("bad password", "28P01"))).isFalse();
		assertThat(ServerFailure.isReadOnlyLeader(new SQLException("read-only", "25006"))).isTrue();
		assertThat(ServerFailure.isReadOnlyLeader(busy)).isFalse();
	}

}
