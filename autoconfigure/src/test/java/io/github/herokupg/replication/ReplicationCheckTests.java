package io.github.herokupg.replication;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.testsupport.SuppliedCredentialSource;
import io.github.herokupg.url.DatabaseUrl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The replication check is the only schedule that returns a follower to routing: nothing
 * a pool throws may end it.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class ReplicationCheckTests {

	@Test
	void anUncheckedExceptionFromAPoolDoesNotEndTheCheck() {
		FollowerConnections broken = new FollowerConnections() {

			@Override
			public Replay replay() {
				throw new IllegalStateException("pool is in an unexpected state");
			}

			@Override
			public void evictIdle() {
				throw new IllegalStateException("pool is in an unexpected state");
			}

		};
		String url = "postgres://u:p@follower.example.com/db";
		DatabaseCredentials credentials = new DatabaseCredentials(new SuppliedCredentialSource("env", () -> url), url,
				(value) -> DatabaseUrl.parse("HEROKU_POSTGRESQL_PINK_URL", value), (value) -> {
				}, Clock.systemUTC(), Duration.ZERO);
		Follower follower = new Follower("HEROKU_POSTGRESQL_PINK_URL", credentials, broken);
		LeaderPosition leader = () -> {
			throw new IllegalStateException("pool is in an unexpected state");
		};
		ReplicationCheck check = new ReplicationCheck(leader, List.of(follower), Duration.ofSeconds(30),
				Clock.systemUTC());
		assertThatNoException().isThrownBy(check::run);
		assertThat(follower.state().reachable()).isFalse();
		assertThat(follower.state().problem()).contains("IllegalStateException");
		assertThatNoException().isThrownBy(check::run);
	}

	@Test
	void aReplayPositionThatCannotBeReadTakesTheFollowerOutUntilItAnswersAgain() {
		AtomicReference<String> replayed = new AtomicReference<>("not a position");
		Follower follower = follower(() -> new FollowerConnections.Replay(true, replayed.get()));
		ReplicationCheck check = new ReplicationCheck(() -> "0/16B3748", List.of(follower), Duration.ofSeconds(30),
				Clock.systemUTC());
		for (String hostile : List.of("not a position", "FFFFFFFFFFFFFFFFFFFF/0", "1/", "/1", "")) {
			replayed.set(hostile);
			assertThatNoException().isThrownBy(check::run);
			assertThat(follower.state().takingReads()).as(hostile).isFalse();
			assertThat(follower.state().problem()).as(hostile).contains("cannot be read");
		}
		replayed.set("0/16B3748");
		check.run();
		assertThat(follower.state().takingReads()).isTrue();
	}

	@Test
	void aLeaderPositionThatCannotBeReadLeavesTheFollowersAsTheyAnswer() {
		Follower follower = follower(() -> new FollowerConnections.Replay(true, "0/16B3748"));
		ReplicationCheck check = new ReplicationCheck(() -> "null", List.of(follower), Duration.ofSeconds(30),
				Clock.systemUTC());
		assertThatNoException().isThrownBy(check::run);
		// the follower was still checked: no sample is taken, nothing else is lost
		assertThat(follower.state().checkedAt()).isNotNull();
		assertThat(follower.state().takingReads()).isTrue();
		assertThat(follower.state().lag()).isZero();
	}

	private static Follower follower(Supplier<FollowerConnections.Replay> answer) {
		String url = "postgres://u:p@follower.example.com/db";
		DatabaseCredentials credentials = new DatabaseCredentials(new SuppliedCredentialSource("env", () -> url), url,
				(value) -> DatabaseUrl.parse("HEROKU_POSTGRESQL_PINK_URL", value), (value) -> {
				}, Clock.systemUTC(), Duration.ZERO);
		return new Follower("HEROKU_POSTGRESQL_PINK_URL", credentials, new FollowerConnections() {

			@Override
			public Replay replay() {
				return answer.get();
			}

			@Override
			public void evictIdle() {
			}

		});
	}

}
