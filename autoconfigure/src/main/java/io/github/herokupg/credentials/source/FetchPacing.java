package io.github.herokupg.credentials.source;

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

	/**
	 * Below this many remaining requests the schedule stretches: half of the Platform
	 * API's bucket of 4,500, so that the other half stays for the burst of fetches a
	 * rotation sets off and for everyone else using the same token.
	 */
	static final int COMFORTABLE_REMAINING = 2250;

	private static final int MAX_STRETCH = 20;

	private final Clock clock;

	private final double jitter;

	private volatile int remaining = Integer.MAX_VALUE;

	private volatile @Nullable Instant retryAfter;

	private volatile int throttles;

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
	 * Record that the API refused a request for its rate limit ({@code 429}): until the
	 * time this returns, no request should be sent at all, whatever asks for one (a
	 * periodic fetch or a rejected password). The wait is the {@code Retry-After}, or a
	 * jittered exponential backoff from {@code base} when that is longer, so that a
	 * fleet that emptied the bucket does not keep it empty.
	 * @param retryAfterSeconds the {@code Retry-After} header in seconds, or {@code null}
	 * @param base the first backoff
	 * @param limit the longest backoff
	 */
	public void throttled(@Nullable Long retryAfterSeconds, Duration base, Duration limit) {
		int throttles = ++this.throttles;
		Duration backoff = base.multipliedBy(1L << Math.min(throttles - 1, 20));
		backoff = jitteredHalf((backoff.compareTo(limit) < 0) ? backoff : limit);
		Duration wait = (retryAfterSeconds != null && Duration.ofSeconds(retryAfterSeconds).compareTo(backoff) > 0)
				? Duration.ofSeconds(retryAfterSeconds) : backoff;
		this.retryAfter = this.clock.instant().plus(wait);
	}

	/**
	 * Record that a request was answered: the backoff after {@code 429}s starts over.
	 */
	public void answered() {
		this.throttles = 0;
	}

	/**
	 * Return until when no request should be sent.
	 * @return the instant, or {@code null} when requests may go now
	 */
	public @Nullable Instant holdUntil() {
		Instant retryAfter = this.retryAfter;
		return (retryAfter != null && retryAfter.isAfter(this.clock.instant())) ? retryAfter : null;
	}

	private static Duration jitteredHalf(Duration delay) {
		double factor = 0.5 + ThreadLocalRandom.current().nextDouble();
		return Duration.ofMillis(Math.round(delay.toMillis() * factor));
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
		long stretch = stretch();
		if (stretch > 1 && planned.compareTo(interval) >= 0) {
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
	 * Return the current time of this pacing's clock.
	 * @return the instant
	 */
	public Instant now() {
		return this.clock.instant();
	}

	/**
	 * Return the floor between two fetches that requests or failures trigger, stretched
	 * as the periodic schedule is when the API's rate limit runs low.
	 * @param minInterval the configured floor
	 * @return the floor in force now
	 */
	public Duration requestedFloor(Duration minInterval) {
		return minInterval.multipliedBy(stretch());
	}

	private long stretch() {
		int remaining = this.remaining;
		return (remaining < COMFORTABLE_REMAINING)
				? Math.min(MAX_STRETCH, (long) Math.ceil((double) COMFORTABLE_REMAINING / Math.max(remaining, 1))) : 1;
	}

	/**
	 * Return the last reported number of remaining requests.
	 * @return the number, {@link Integer#MAX_VALUE} before the first report
	 */
	public int remaining() {
		return this.remaining;
	}

}
