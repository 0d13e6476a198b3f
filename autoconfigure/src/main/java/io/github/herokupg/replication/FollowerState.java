package io.github.herokupg.replication;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the last check found of a follower.
 *
 * @param reachable whether a connection could be opened and queried
 * @param inRecovery whether it is a standby ({@code pg_is_in_recovery()}); a primary
 * behind a follower's variable gets no reads
 * @param lag how far its replay is behind the leader, zero when it has replayed
 * everything the leader wrote
 * @param takingReads whether it gets new read-only work
 * @param problem why it takes no reads, or {@code null}
 * @param checkedAt when it was checked, {@code null} before the first check
 * @author heroku-postgres-spring-boot-starter contributors
 */
public record FollowerState(boolean reachable, boolean inRecovery, Duration lag, boolean takingReads,
		@Nullable String problem, @Nullable Instant checkedAt) {

	/**
	 * The state of a follower not checked yet: it takes reads until a check says otherwise.
	 * @return the state
	 */
	public static FollowerState unchecked() {
		return new FollowerState(true, true, Duration.ZERO, true, null, null);
	}

	/**
	 * The state of a follower that gave no connection.
	 * @param problem what failed
	 * @param at when
	 * @return the state
	 */
	public static FollowerState unreachable(String problem, Instant at) {
		return new FollowerState(false, false, Duration.ZERO, false, problem, at);
	}

}
