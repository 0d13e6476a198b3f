package io.github.herokupg.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.credentials.DatabaseCredentials;

import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * The application's {@code dataSource} with followers: a
 * {@link LazyConnectionDataSourceProxy} whose read-write side is the leader's pool and
 * whose read-only side is a {@link FollowerRouter}. A transaction that is read-only
 * before its first statement ({@code @Transactional(readOnly = true)},
 * {@code Connection.setReadOnly(true)}) runs on a follower. A periodic
 * {@link ReplicationCheck} decides which followers take reads.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class FollowerRouting implements AutoCloseable {

	private final HikariDataSource leader;

	private final List<Follower> followers;

	private final FollowerRouter router;

	private final LazyConnectionDataSourceProxy dataSource;

	private final ScheduledExecutorService scheduler;

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
		for (FollowerPool follower : followers) {
			created.add(new Follower(follower.name(), follower.credentials(), follower.pool()));
		}
		this.followers = List.copyOf(created);
		this.router = new FollowerRouter(leader, this.followers, fallback, clock);
		this.dataSource = new LazyConnectionDataSourceProxy(leader);
		this.dataSource.setReadOnlyDataSource(this.router);
		ReplicationCheck check = new ReplicationCheck(leader, this.followers, maxLag, clock);
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "heroku-postgres-replication-check");
			thread.setDaemon(true);
			return thread;
		});
		check.run();
		this.scheduler.scheduleWithFixedDelay(check, checkInterval.toMillis(), checkInterval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Return the routing {@code DataSource}.
	 * @return the data source
	 */
	public DataSource dataSource() {
		return this.dataSource;
	}

	/**
	 * Return the leader's pool.
	 * @return the pool
	 */
	public HikariDataSource leader() {
		return this.leader;
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
		this.scheduler.shutdownNow();
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
