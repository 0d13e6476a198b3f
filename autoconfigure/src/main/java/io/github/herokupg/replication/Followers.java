package io.github.herokupg.replication;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The followers of one side (JDBC or R2DBC) with the periodic {@link ReplicationCheck}
 * that decides which take reads, the turn each takes, and how many reads went to the
 * leader because none could take them.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class Followers implements AutoCloseable {

	/** Why read-only work failed when no follower could take it and fallback is off. */
	public static final String NO_FALLBACK = "No follower takes read-only work (heroku.postgres.replica.fallback "
			+ "is false)";

	private final List<Follower> followers;

	private final AtomicInteger next = new AtomicInteger();

	private final LongAdder fallbacks = new LongAdder();

	private final ScheduledExecutorService scheduler;

	/**
	 * Create the followers, check them once and then every {@code checkInterval}.
	 * @param followers the followers, in the order of their config vars
	 * @param leader reads the leader's WAL position
	 * @param maxLag the lag above which a follower takes no reads, zero for no limit
	 * @param checkInterval the interval between two checks
	 * @param clock the clock
	 */
	public Followers(List<Follower> followers, LeaderPosition leader, Duration maxLag, Duration checkInterval,
			Clock clock) {
		this.followers = List.copyOf(followers);
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
	 * Return the followers.
	 * @return the followers, in the order of their config vars
	 */
	public List<Follower> list() {
		return this.followers;
	}

	/**
	 * Return the index of the follower that is asked first for the next read, so that
	 * reads take turns.
	 * @return the index into {@link #list()}
	 */
	public int nextTurn() {
		return Math.floorMod(this.next.getAndIncrement(), Math.max(this.followers.size(), 1));
	}

	/**
	 * Count a read that went to the leader because no follower could take it.
	 */
	public void fellBack() {
		this.fallbacks.increment();
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
	 * Stop checking.
	 */
	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
