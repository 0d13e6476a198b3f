package io.github.herokupg.routing;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.LongAdder;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.herokupg.credentials.DatabaseCredentials;

/**
 * One follower: its credentials, its pool and what the last check found.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class Follower {

	private final String name;

	private final DatabaseCredentials credentials;

	private final HikariDataSource pool;

	private final LongAdder reads = new LongAdder();

	private volatile FollowerState state = FollowerState.unchecked();

	Follower(String name, DatabaseCredentials credentials, HikariDataSource pool) {
		this.name = name;
		this.credentials = credentials;
		this.pool = pool;
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

	HikariDataSource pool() {
		return this.pool;
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

	void read() {
		this.reads.increment();
	}

	/**
	 * Whether a failure to get a connection only means that every connection of the
	 * follower's pool is lent out: Hikari timed out waiting while the follower answers.
	 * A busy follower stays in routing and keeps its connections; that one request goes
	 * elsewhere.
	 * @param ex the failure
	 * @return whether the follower is busy rather than lost
	 */
	boolean isBusy(SQLException ex) {
		HikariPoolMXBean bean = this.pool.getHikariPoolMXBean();
		return ex instanceof SQLTransientConnectionException && bean != null && bean.getActiveConnections() > 0;
	}

	/**
	 * Take the follower out of routing at once and close its idle connections, which
	 * are dead if the follower went away.
	 */
	void lost(FollowerState state) {
		this.state = state;
		HikariPoolMXBean bean = this.pool.getHikariPoolMXBean();
		if (bean != null) {
			bean.softEvictConnections();
		}
	}

}
