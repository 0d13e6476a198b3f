package io.github.herokupg.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * The read-only side of the application's {@code dataSource}: hands out connections of a
 * follower that takes reads, in turn, and the leader's when none can (unless fallback is
 * off). A follower that fails to give a connection is taken out at once, and the
 * request goes on to the next one or the leader, so only work already running on a
 * lost follower fails.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class FollowerRouter extends AbstractDataSource {

	private final DataSource leader;

	private final List<Follower> followers;

	private final boolean fallback;

	private final Clock clock;

	private final AtomicInteger next = new AtomicInteger();

	private final LongAdder fallbacks = new LongAdder();

	FollowerRouter(DataSource leader, List<Follower> followers, boolean fallback, Clock clock) {
		this.leader = leader;
		this.followers = followers;
		this.fallback = fallback;
		this.clock = clock;
	}

	@Override
	public Connection getConnection() throws SQLException {
		int start = Math.floorMod(this.next.getAndIncrement(), Math.max(this.followers.size(), 1));
		SQLException failure = null;
		for (int i = 0; i < this.followers.size(); i++) {
			Follower follower = this.followers.get((start + i) % this.followers.size());
			if (!follower.state().takingReads()) {
				continue;
			}
			try {
				Connection connection = follower.pool().getConnection();
				follower.read();
				return connection;
			}
			catch (SQLException ex) {
				if (!follower.isBusy(ex)) {
					follower.lost(FollowerState.unreachable("no connection (SQL state " + ex.getSQLState() + ")",
							this.clock.instant()));
				}
				failure = ex;
			}
		}
		if (!this.fallback) {
			SQLException ex = new SQLException("No follower takes read-only work (heroku.postgres.replica.fallback "
					+ "is false)", "08001");
			if (failure != null) {
				ex.initCause(failure);
			}
			throw ex;
		}
		this.fallbacks.increment();
		return this.leader.getConnection();
	}

	/**
	 * Return how many read-only connections went to the leader because no follower could
	 * take them.
	 * @return the count
	 */
	public long fallbacks() {
		return this.fallbacks.sum();
	}

	/**
	 * Return the followers.
	 * @return the followers, in the order of their config vars
	 */
	public List<Follower> followers() {
		return this.followers;
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new SQLFeatureNotSupportedException("The follower router connects with the current credentials only");
	}

}
