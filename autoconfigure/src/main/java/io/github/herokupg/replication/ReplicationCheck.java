package io.github.herokupg.replication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Checks each follower: reachable, a standby, and how far its replay is behind the
 * leader. Each check samples the leader's WAL position; a follower's lag is the age of
 * the oldest sample it has not replayed yet. An idle leader is therefore never taken for
 * a lagging follower (a follower that replayed everything the leader wrote has no lag,
 * however long ago the last transaction was), and a follower whose replay stopped while
 * the leader writes shows a lag that grows with the time since it stopped.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class ReplicationCheck implements Runnable {

	private static final Log logger = LogFactory.getLog(ReplicationCheck.class);

	private final LeaderPosition leader;

	private final List<Follower> followers;

	private final Duration maxLag;

	private final Clock clock;

	private final Deque<Sample> samples = new ArrayDeque<>();

	ReplicationCheck(LeaderPosition leader, List<Follower> followers, Duration maxLag, Clock clock) {
		this.leader = leader;
		this.followers = followers;
		this.maxLag = maxLag;
		this.clock = clock;
	}

	/**
	 * Check every follower. Nothing it meets ends the schedule it runs on: an unexpected
	 * exception is logged, and the next run checks again.
	 */
	@Override
	public synchronized void run() {
		try {
			checkAll();
		}
		catch (RuntimeException ex) {
			logger.error("Replication check failed; it runs again at the next interval", ex);
		}
	}

	private void checkAll() {
		Instant now = this.clock.instant();
		sampleLeader(now);
		for (Follower follower : this.followers) {
			FollowerState previous = follower.state();
			FollowerState state = check(follower, now);
			if (previous.reachable() && !state.reachable()) {
				follower.lost(state);
			}
			else {
				follower.state(state);
			}
			if (previous.takingReads() != state.takingReads()) {
				logger.info("Follower " + follower.name() + (state.takingReads() ? " takes read-only work again"
						: " takes no read-only work: " + state.problem()));
			}
		}
	}

	private void sampleLeader(Instant now) {
		try {
			this.samples.addLast(new Sample(now, Lsn.parse(this.leader.current())));
		}
		catch (Exception ex) {
			logger.debug("Cannot read the leader's WAL position: " + ex.getMessage());
		}
		Instant horizon = now.minus(this.maxLag.multipliedBy(2).plusMinutes(1));
		while (this.samples.size() > 1 && this.samples.peekFirst().at().isBefore(horizon)) {
			this.samples.removeFirst();
		}
	}

	private FollowerState check(Follower follower, Instant now) {
		try {
			FollowerConnections.Replay replay = follower.connections().replay();
			if (!replay.inRecovery()) {
				return new FollowerState(true, false, Duration.ZERO, false,
						"it is a primary, not a follower (pg_is_in_recovery() is false)", now);
			}
			Duration lag = lag(replay.replayed(), now);
			boolean lagging = !this.maxLag.isZero() && lag.compareTo(this.maxLag) > 0;
			return new FollowerState(true, true, lag, !lagging,
					lagging ? "replay lag " + lag.toMillis() + "ms exceeds " + this.maxLag.toMillis() + "ms" : null,
					now);
		}
		catch (FollowerUnavailableException ex) {
			// a pool whose connections are all lent out says nothing about the follower
			return ex.isBusy() ? follower.state()
					: FollowerState.unreachable("unreachable (SQL state " + ex.getSqlState() + ")", now);
		}
		catch (RuntimeException ex) {
			return FollowerState.unreachable("gave an answer that cannot be read (" + ex.getClass().getSimpleName()
					+ ")", now);
		}
	}

	private Duration lag(@Nullable String replayed, Instant now) {
		long position = (replayed != null) ? Lsn.parse(replayed) : 0;
		for (Sample sample : this.samples) {
			if (sample.position() > position) {
				return Duration.between(sample.at(), now);
			}
		}
		return Duration.ZERO;
	}

	private record Sample(Instant at, long position) {

	}

	/**
	 * PostgreSQL's text form of a WAL position, {@code 16/B374D848}.
	 */
	static final class Lsn {

		private Lsn() {
		}

		static long parse(@Nullable String text) {
			if (text == null) {
				return 0;
			}
			int slash = text.indexOf('/');
			return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
		}

	}

}
