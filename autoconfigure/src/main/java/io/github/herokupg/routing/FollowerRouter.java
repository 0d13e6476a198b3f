package io.github.herokupg.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.replication.Follower;
import io.github.herokupg.replication.Followers;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * The read-only side of the application's {@code dataSource}: hands out connections of a
 * follower that takes reads, in turn, and the leader's when none can (unless fallback is
 * off). A follower that fails to give a connection is taken out at once, and the
 * request goes on to the next one or the leader, so only work already running on a
 * lost follower fails. A follower whose pool is only busy stays in.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class FollowerRouter extends AbstractDataSource {

	private final DataSource leader;

	private final Followers followers;

	private final List<HikariFollowerConnections> pools;

	private final boolean fallback;

	private final Clock clock;

	FollowerRouter(DataSource leader, Followers followers, List<HikariFollowerConnections> pools, boolean fallback,
			Clock clock) {
		this.leader = leader;
		this.followers = followers;
		this.pools = pools;
		this.fallback = fallback;
		this.clock = clock;
	}

	@Override
	public Connection getConnection() throws SQLException {
		List<Follower> list = this.followers.list();
		int start = this.followers.nextTurn();
		SQLException failure = null;
		for (int i = 0; i < list.size(); i++) {
			int index = (start + i) % list.size();
			Follower follower = list.get(index);
			if (!follower.state().takingReads()) {
				continue;
			}
			HikariFollowerConnections pool = this.pools.get(index);
			try {
				Connection connection = pool.pool().getConnection();
				follower.read();
				return connection;
			}
			catch (SQLException ex) {
				if (!pool.isBusy(ex)) {
					follower.gaveNoConnection(ex.getSQLState(), this.clock.instant());
				}
				failure = ex;
			}
		}
		if (!this.fallback) {
			SQLException ex = new SQLException(Followers.NO_FALLBACK, "08001");
			if (failure != null) {
				ex.initCause(failure);
			}
			throw ex;
		}
		this.followers.fellBack();
		return this.leader.getConnection();
	}

	/**
	 * Return how many read-only connections went to the leader because no follower could
	 * take them.
	 * @return the count
	 */
	public long fallbacks() {
		return this.followers.fallbacks();
	}

	/**
	 * Return the followers.
	 * @return the followers, in the order of their config vars
	 */
	public List<Follower> followers() {
		return this.followers.list();
	}

	List<HikariDataSource> pools() {
		return this.pools.stream().map(HikariFollowerConnections::pool).toList();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new SQLFeatureNotSupportedException("The follower router connects with the current credentials only");
	}

}
