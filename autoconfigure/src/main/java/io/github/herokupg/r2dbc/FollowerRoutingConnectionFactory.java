package io.github.herokupg.r2dbc;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.replication.Follower;
import io.github.herokupg.replication.Followers;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The application's R2DBC {@link ConnectionFactory} with followers: a connection asked
 * for read-only work (the subscriber's context says so, see {@link #readOnly(Context)})
 * comes from a follower that takes reads, in turn, and from the leader's pool when none
 * can (unless fallback is off); every other connection is the leader's. A follower that
 * fails to give a connection is taken out at once and the request goes on to the next
 * one or the leader; a follower whose pool is only busy stays in. A periodic replication
 * check ({@link Followers}) decides which followers take reads.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class FollowerRoutingConnectionFactory implements ConnectionFactory, Wrapped<ConnectionFactory>,
		AutoCloseable {

	/** The context key under which read-only work is marked. */
	private static final String READ_ONLY = FollowerRoutingConnectionFactory.class.getName() + ".readOnly";

	private final ConnectionPool leader;

	private final List<R2dbcFollowerConnections> pools;

	private final Followers followers;

	private final boolean fallback;

	private final Clock clock;

	/**
	 * Create the routing and start checking the followers.
	 * @param leader the leader's pool
	 * @param followers each follower's credentials and pool, in the order of their
	 * config vars
	 * @param settings how followers are checked and used
	 */
	public FollowerRoutingConnectionFactory(ConnectionPool leader, List<FollowerPool> followers, Settings settings) {
		this.leader = leader;
		List<Follower> created = new ArrayList<>();
		List<R2dbcFollowerConnections> pools = new ArrayList<>();
		for (FollowerPool follower : followers) {
			R2dbcFollowerConnections connections = new R2dbcFollowerConnections(follower.pool(),
					settings.checkTimeout());
			created.add(new Follower(follower.name(), follower.credentials(), connections));
			pools.add(connections);
		}
		this.pools = List.copyOf(pools);
		this.fallback = settings.fallback();
		this.clock = settings.clock();
		this.followers = new Followers(created,
				() -> R2dbcFollowerConnections.queryOne(leader, "SELECT pg_current_wal_lsn()::text",
						(row, metadata) -> String.valueOf(row.get(0, String.class)), settings.checkTimeout()),
				settings.maxLag(), settings.checkInterval(), settings.clock());
	}

	/**
	 * Mark the work of a subscriber as read-only: the connections it asks for come from a
	 * follower.
	 * @param context the subscriber's context
	 * @return the context with the mark
	 */
	public static Context readOnly(Context context) {
		return context.put(READ_ONLY, Boolean.TRUE);
	}

	static boolean isReadOnly(ContextView context) {
		return context.hasKey(READ_ONLY);
	}

	@Override
	public Mono<Connection> create() {
		return Mono.deferContextual((context) -> isReadOnly(context) ? fromFollower(this.followers.nextTurn(), 0, null)
				: Mono.from(this.leader.create()));
	}

	private Mono<Connection> fromFollower(int start, int tried, @Nullable Throwable failure) {
		List<Follower> list = this.followers.list();
		if (tried == list.size()) {
			return fromLeader(failure);
		}
		int index = (start + tried) % list.size();
		Follower follower = list.get(index);
		if (!follower.state().takingReads()) {
			return fromFollower(start, tried + 1, failure);
		}
		R2dbcFollowerConnections pool = this.pools.get(index);
		return Mono.from(pool.pool().create()).doOnNext((connection) -> follower.read()).onErrorResume((ex) -> {
			if (!pool.isBusy(ex)) {
				follower.gaveNoConnection((ex instanceof R2dbcException r2dbc) ? r2dbc.getSqlState() : null,
						this.clock.instant());
			}
			return fromFollower(start, tried + 1, ex);
		});
	}

	private Mono<Connection> fromLeader(@Nullable Throwable failure) {
		if (!this.fallback) {
			return Mono.error(new R2dbcNonTransientResourceException(Followers.NO_FALLBACK, "08001", failure));
		}
		this.followers.fellBack();
		return Mono.from(this.leader.create());
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return this.leader.getMetadata();
	}

	/**
	 * Return the leader's pool, which every connection not marked read-only comes from.
	 * @return the leader's pool
	 */
	@Override
	public ConnectionPool unwrap() {
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
	 * Return the followers' pools.
	 * @return each follower's pool by config var, in order
	 */
	public Map<String, ConnectionPool> followerPools() {
		Map<String, ConnectionPool> pools = new LinkedHashMap<>();
		List<Follower> list = this.followers.list();
		for (int i = 0; i < list.size(); i++) {
			pools.put(list.get(i).name(), this.pools.get(i).pool());
		}
		return pools;
	}

	/**
	 * Stop checking the followers and close every pool.
	 */
	@Override
	public void close() {
		this.followers.close();
		this.pools.forEach((follower) -> follower.pool().dispose());
		this.leader.dispose();
	}

	/**
	 * A follower's credentials and pool, before routing starts.
	 *
	 * @param name the follower's config var
	 * @param credentials its credentials
	 * @param pool its pool
	 */
	public record FollowerPool(String name, DatabaseCredentials credentials, ConnectionPool pool) {

	}

	/**
	 * How followers are checked and used.
	 *
	 * @param maxLag the lag above which a follower takes no reads, zero for no limit
	 * @param fallback whether reads go to the leader when no follower can take them
	 * @param checkInterval the interval between two checks of the followers
	 * @param checkTimeout how long one check waits for an answer
	 * @param clock the clock
	 */
	public record Settings(Duration maxLag, boolean fallback, Duration checkInterval, Duration checkTimeout,
			Clock clock) {

	}

}
