package io.github.herokupg.routing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.replication.Follower;
import io.github.herokupg.replication.Followers;

import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * The application's {@code dataSource} with followers: a
 * {@link LazyConnectionDataSourceProxy} whose read-write side is the leader's pool and
 * whose read-only side is a {@link FollowerRouter}. A transaction that is read-only
 * before its first statement ({@code @Transactional(readOnly = true)},
 * {@code Connection.setReadOnly(true)}) runs on a follower. A transaction manager that
 * has the {@link #transactionListener() listener} gets its connection straight from the
 * follower or the leader, without the proxy. A periodic replication check
 * ({@link Followers}) decides which followers take reads.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class FollowerRouting implements AutoCloseable {

	private final HikariDataSource leader;

	private final Followers followers;

	private final FollowerRouter router;

	private final FollowerRoutingDataSource dataSource;

	private final ReadOnlyTransactionListener transactionListener;

	/**
	 * Create the routing and start checking the followers.
	 * @param leader the leader's pool
	 * @param followers each follower's credentials and pool
	 * @param maxLag the lag above which a follower takes no reads, zero for no limit
	 * @param fallback whether reads go to the leader when no follower can take them
	 * @param checkInterval the interval between two checks of the followers
	 * @param clock the clock
	 */
	public FollowerRouting(HikariDataSource leader, List<FollowerPool> followers, Duration maxLag, boolean fallback,
			Duration checkInterval, Clock clock) {
		this.leader = leader;
		List<Follower> created = new ArrayList<>();
		List<HikariFollowerConnections> pools = new ArrayList<>();
		for (FollowerPool follower : followers) {
			HikariFollowerConnections pool = new HikariFollowerConnections(follower.pool());
			created.add(new Follower(follower.name(), follower.credentials(), pool));
			pools.add(pool);
		}
		this.followers = new Followers(created, () -> currentWalPosition(leader), maxLag, checkInterval, clock);
		this.router = new FollowerRouter(leader, this.followers, List.copyOf(pools), fallback, clock);
		this.dataSource = new FollowerRoutingDataSource(leader, this.router);
		this.transactionListener = new ReadOnlyTransactionListener(this.dataSource);
	}

	private static String currentWalPosition(DataSource leader) throws SQLException {
		try (Connection connection = leader.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
			result.next();
			return result.getString(1);
		}
	}

	/**
	 * Return the routing {@code DataSource}.
	 * @return the data source
	 */
	public DataSource dataSource() {
		return this.dataSource;
	}

	/**
	 * Return the listener that sends the connection of a transaction that begins to a
	 * follower (read-only) or the leader, without the lazy proxy.
	 * @return the listener, for the transaction managers of the {@code dataSource}
	 */
	public ReadOnlyTransactionListener transactionListener() {
		return this.transactionListener;
	}

	/**
	 * Return the leader's pool.
	 * @return the pool
	 */
	public HikariDataSource leader() {
		return this.leader;
	}

	/**
	 * Return the followers and what the last check found of each.
	 * @return the followers
	 */
	public Followers followers() {
		return this.followers;
	}

	/**
	 * Return the router of read-only work.
	 * @return the router
	 */
	public FollowerRouter router() {
		return this.router;
	}

	@Override
	public void close() {
		this.followers.close();
		// the followers' pools are beans of their own, closed with the context
		this.leader.close();
	}

	/**
	 * A follower's credentials and pool, before routing starts.
	 *
	 * @param name the follower's config var
	 * @param credentials its credentials
	 * @param pool its pool
	 */
	public record FollowerPool(String name, DatabaseCredentials credentials, HikariDataSource pool) {

	}

}
