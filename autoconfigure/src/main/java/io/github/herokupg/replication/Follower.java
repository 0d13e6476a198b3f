package io.github.herokupg.replication;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

import io.github.herokupg.credentials.DatabaseCredentials;
import org.jspecify.annotations.Nullable;

/**
 * One follower: its credentials, its pool's connections and what the last check found.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class Follower {

	private final String name;

	private final DatabaseCredentials credentials;

	private final FollowerConnections connections;

	private final LongAdder reads = new LongAdder();

	private volatile FollowerState state = FollowerState.unchecked();

	/**
	 * Create a follower.
	 * @param name its config var
	 * @param credentials its credentials
	 * @param connections its pool's connections
	 */
	public Follower(String name, DatabaseCredentials credentials, FollowerConnections connections) {
		this.name = name;
		this.credentials = credentials;
		this.connections = connections;
	}

	/**
	 * Return the follower's name, its config var.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the follower's credentials.
	 * @return the credentials
	 */
	public DatabaseCredentials credentials() {
		return this.credentials;
	}

	FollowerConnections connections() {
		return this.connections;
	}

	/**
	 * Return what the last check found.
	 * @return the state
	 */
	public FollowerState state() {
		return this.state;
	}

	void state(FollowerState state) {
		this.state = state;
	}

	/**
	 * Return how many read-only connections went to this follower.
	 * @return the count
	 */
	public long reads() {
		return this.reads.sum();
	}

	/**
	 * Count a read-only connection handed out by this follower.
	 */
	public void read() {
		this.reads.increment();
	}

	/**
	 * Take the follower out of routing at once and close its idle connections, which
	 * are dead if the follower went away. Only a connection failure may lead here; a
	 * pool that is merely busy keeps its follower and its connections.
	 * @param state what was found
	 */
	public void lost(FollowerState state) {
		this.state = state;
		this.connections.evictIdle();
	}

	/**
	 * Take the follower out because its pool gave no connection, for a reason other than
	 * being busy.
	 * @param sqlState the SQL state of the failure, if it had one
	 * @param at when
	 */
	public void gaveNoConnection(@Nullable String sqlState, Instant at) {
		lost(FollowerState.unreachable("no connection (SQL state " + sqlState + ")", at));
	}

}
