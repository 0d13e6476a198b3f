package io.github.herokupg.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UTC clock that a test or a simulation moves by hand.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class MutableClock extends Clock {

	private final AtomicLong millis;

	/**
	 * Create a clock that starts at an instant.
	 * @param start the first instant
	 */
	public MutableClock(Instant start) {
		this.millis = new AtomicLong(start.toEpochMilli());
	}

	/**
	 * Move the clock on.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		this.millis.addAndGet(duration.toMillis());
	}

	/**
	 * Set the clock.
	 * @param epochMillis the instant, in milliseconds since the epoch
	 */
	public void set(long epochMillis) {
		this.millis.set(epochMillis);
	}

	@Override
	public long millis() {
		return this.millis.get();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return Instant.ofEpochMilli(this.millis.get());
	}

}
