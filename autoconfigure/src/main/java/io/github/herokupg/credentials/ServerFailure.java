package io.github.herokupg.credentials;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Set;

/**
 * Tells the failures that say the database may have moved or is being maintained: a
 * connection that cannot be opened to the host (SQL state class {@code 08}, a refused or
 * reset socket, a connect timeout, a name that no longer resolves), a server that ends the
 * session by shutting down ({@code 57P01}, {@code 57P02}, {@code 57P03}), and a leader
 * that turned read-only ({@code 25006}, on a read-write connection). A rejected password
 * is none of these: {@link PasswordRejection} tells that.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class ServerFailure {

	/** The server went read-only under a read-write connection: a failover or maintenance. */
	public static final String READ_ONLY_TRANSACTION = "25006";

	private static final Set<String> SHUTDOWN = Set.of("57P01", "57P02", "57P03");

	private static final int MAX_CAUSES = 16;

	private ServerFailure() {
	}

	/**
	 * Whether a failure says the host cannot be reached or is going away.
	 * @param ex the failure
	 * @return whether it is worth asking the source for a new URL
	 */
	public static boolean isHostFailure(SQLException ex) {
		if (PasswordRejection.is(ex)) {
			return false;
		}
		String state = ex.getSQLState();
		if (state != null && (state.startsWith("08") || SHUTDOWN.contains(state))) {
			return true;
		}
		Throwable cause = ex.getCause();
		for (int i = 0; cause != null && i < MAX_CAUSES; i++, cause = cause.getCause()) {
			if (isSocketFailure(cause)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a failure says nothing answers at the host now, or the server is starting
	 * or stopping: worth trying again shortly. A failed TLS handshake or a server that
	 * refuses TLS is not: trying again cannot help.
	 * @param ex the failure
	 * @return whether the host is unreachable for now
	 */
	public static boolean isUnreachable(SQLException ex) {
		String state = ex.getSQLState();
		if (state != null && SHUTDOWN.contains(state)) {
			return true;
		}
		Throwable cause = ex.getCause();
		for (int i = 0; cause != null && i < MAX_CAUSES; i++, cause = cause.getCause()) {
			if (cause instanceof javax.net.ssl.SSLException) {
				return false;
			}
			if (isSocketFailure(cause)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isSocketFailure(Throwable cause) {
		// a refused connection and no route to the host are socket exceptions too
		return cause instanceof SocketException || cause instanceof SocketTimeoutException
				|| cause instanceof UnknownHostException || cause instanceof EOFException;
	}

	/**
	 * Whether a statement failed because the server is read-only now.
	 * @param ex the failure
	 * @return whether it is {@code 25006}
	 */
	public static boolean isReadOnlyLeader(SQLException ex) {
		return READ_ONLY_TRANSACTION.equals(ex.getSQLState());
	}

	/**
	 * Describe a failure in a few words, free of secrets.
	 * @param ex the failure
	 * @return such as {@code SQL state 08001}
	 */
	public static String describe(SQLException ex) {
		return "SQL state " + ex.getSQLState();
	}

}
