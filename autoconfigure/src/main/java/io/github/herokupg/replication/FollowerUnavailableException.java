package io.github.herokupg.replication;

import org.jspecify.annotations.Nullable;

/**
 * A follower's pool gave no connection, or the connection no answer.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class FollowerUnavailableException extends Exception {

	private static final long serialVersionUID = 1L;

	/** Whether only every connection of the pool was lent out. */
	private final boolean busy;

	/** The SQL state of the failure, if it had one. */
	private final @Nullable String sqlState;

	/**
	 * Create an exception.
	 * @param busy whether only every connection of the pool was lent out while the
	 * follower answers: that says nothing about the follower
	 * @param sqlState the SQL state of the failure, if it had one
	 * @param cause the failure
	 */
	public FollowerUnavailableException(boolean busy, @Nullable String sqlState, Throwable cause) {
		super("Follower unavailable (SQL state " + sqlState + ")", cause);
		this.busy = busy;
		this.sqlState = sqlState;
	}

	/**
	 * Whether the pool was only busy.
	 * @return whether every connection was lent out
	 */
	public boolean isBusy() {
		return this.busy;
	}

	/**
	 * Return the SQL state of the failure.
	 * @return the SQL state, or {@code null}
	 */
	public @Nullable String getSqlState() {
		return this.sqlState;
	}

}
