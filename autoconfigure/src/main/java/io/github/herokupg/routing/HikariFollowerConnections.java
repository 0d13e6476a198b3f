package io.github.herokupg.routing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.herokupg.replication.FollowerConnections;
import io.github.herokupg.replication.FollowerUnavailableException;

/**
 * A follower's Hikari pool.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class HikariFollowerConnections implements FollowerConnections {

	private final HikariDataSource pool;

	HikariFollowerConnections(HikariDataSource pool) {
		this.pool = pool;
	}

	HikariDataSource pool() {
		return this.pool;
	}

	@Override
	public Replay replay() throws FollowerUnavailableException {
		try (Connection connection = this.pool.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text")) {
			result.next();
			return new Replay(result.getBoolean(1), result.getString(2));
		}
		catch (SQLException ex) {
			throw new FollowerUnavailableException(isBusy(ex), ex.getSQLState(), ex);
		}
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

	@Override
	public void evictIdle() {
		HikariPoolMXBean bean = this.pool.getHikariPoolMXBean();
		if (bean != null) {
			bean.softEvictConnections();
		}
	}

}
