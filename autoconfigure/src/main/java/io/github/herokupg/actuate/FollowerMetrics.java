package io.github.herokupg.actuate;

import io.github.herokupg.replication.Follower;
import io.github.herokupg.replication.Followers;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer metrics of the followers: {@code heroku.postgres.replica.reads} (read-only
 * connections handed out, tag {@code endpoint}: each follower, or {@code leader} for the
 * fallbacks), {@code heroku.postgres.replica.lag} (seconds) and
 * {@code heroku.postgres.replica.taking.reads} (1 or 0) per follower.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class FollowerMetrics implements MeterBinder {

	private final Followers followers;

	/**
	 * Create the metrics.
	 * @param followers the followers that take read-only work
	 */
	public FollowerMetrics(Followers followers) {
		this.followers = followers;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("heroku.postgres.replica.reads", this.followers, Followers::fallbacks)
			.tag("endpoint", "leader")
			.description("Read-only connections handed out, by endpoint")
			.register(registry);
		for (Follower follower : this.followers.list()) {
			FunctionCounter.builder("heroku.postgres.replica.reads", follower, Follower::reads)
				.tag("endpoint", follower.name())
				.description("Read-only connections handed out, by endpoint")
				.register(registry);
			Gauge.builder("heroku.postgres.replica.lag", follower, (measured) -> measured.state().lag().toMillis() / 1000.0)
				.tag("endpoint", follower.name())
				.baseUnit("seconds")
				.description("Replay lag of the follower behind the leader")
				.register(registry);
			Gauge.builder("heroku.postgres.replica.taking.reads", follower,
					(measured) -> measured.state().takingReads() ? 1 : 0)
				.tag("endpoint", follower.name())
				.description("Whether the follower takes read-only work")
				.register(registry);
		}
	}

}
