package io.github.herokupg.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * How soon a source may be asked again, as the Heroku Platform API tells it: a token
 * bucket whose fill it reports in {@code RateLimit-Remaining}, and {@code Retry-After}
 * with a {@code 429} or {@code 5xx}. The periodic schedule stretches as the bucket
 * drains (never below the configured interval), waits out a {@code Retry-After}, and
 * carries a random jitter so that instances started together spread out.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class FetchPacing {

	/** Below this many remaining requests the schedule stretches. */
	static final int COMFORTABLE_REMAINING = 1000;

	private static final int MAX_STRETCH = 20;

	private final Clock clock;

	private final double jitter;

	private volatile int remaining = Integer.MAX_VALUE;

	private volatile @Nullable Instant retryAfter;

	/**
	 * Create a pacing.
	 * @param clock the clock
	 * @param jitter the fraction of the interval by which each periodic delay varies at
	 * random, {@code 0} for none
	 */
	public FetchPacing(Clock clock, double jitter) {
		this.clock = clock;
		this.jitter = jitter;
	}

	/**
	 * Record what a response said of the rate limit.
	 * @param remaining the {@code RateLimit-Remaining} header, or {@code null}
	 * @param retryAfterSeconds the {@code Retry-After} header in seconds, or {@code null}
	 */
	public void record(@Nullable Integer remaining, @Nullable Long retryAfterSeconds) {
		if (remaining != null) {
			this.remaining = remaining;
		}
		if (retryAfterSeconds != null) {
			this.retryAfter = this.clock.instant().plusSeconds(retryAfterSeconds);
		}
	}

	/**
	 * Return the delay until the next periodic fetch.
	 * @param planned the delay the schedule planned: the interval, or a backoff after
	 * failures
	 * @param interval the configured interval
	 * @return the delay to wait
	 */
	public Duration nextDelay(Duration planned, Duration interval) {
		Duration delay = planned;
		int remaining = this.remaining;
		if (remaining < COMFORTABLE_REMAINING && planned.compareTo(interval) >= 0) {
			long stretch = Math.min(MAX_STRETCH, (long) Math.ceil((double) COMFORTABLE_REMAINING / Math.max(remaining, 1)));
			delay = interval.multipliedBy(stretch);
		}
		Instant retryAfter = this.retryAfter;
		if (retryAfter != null) {
			Duration wait = Duration.between(this.clock.instant(), retryAfter);
			if (wait.compareTo(delay) > 0) {
				delay = wait;
			}
		}
		return jittered(delay);
	}

	/**
	 * Return a delay varied by the jitter, such as the first one after startup.
	 * @param delay the delay
	 * @return the varied delay, never negative
	 */
	public Duration jittered(Duration delay) {
		if (this.jitter <= 0) {
			return delay;
		}
		double factor = 1 + this.jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
		return Duration.ofMillis(Math.max(0, Math.round(delay.toMillis() * factor)));
	}

	/**
	 * Return the last reported number of remaining requests.
	 * @return the number, {@link Integer#MAX_VALUE} before the first report
	 */
	public int remaining() {
		return this.remaining;
	}

}
