package io.github.herokupg.testsupport;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A point in a background task that the task stops at until the test opens it, and that
 * tells the test when the task got there: a step that lasts as long as the test needs.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class Gate {

	/** How long a task waits at the gate at most: a test that fails first leaves no thread behind. */
	private static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

	private final CountDownLatch arrived = new CountDownLatch(1);

	private final CountDownLatch opened = new CountDownLatch(1);

	/**
	 * Arrive at the gate and wait until it is open.
	 * @throws IllegalStateException if interrupted while waiting, or if nobody opened it
	 * within a minute
	 */
	public void pass() {
		this.arrived.countDown();
		try {
			if (!this.opened.await(LONGEST_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("the gate was not opened within " + LONGEST_WAIT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted at the gate", ex);
		}
	}

	/**
	 * Wait until a task arrived at the gate.
	 * @param timeout the longest wait
	 * @throws IllegalStateException if none arrived in time
	 * @throws InterruptedException if interrupted
	 */
	public void awaitArrival(Duration timeout) throws InterruptedException {
		if (!this.arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("nothing arrived at the gate within " + timeout);
		}
	}

	/**
	 * Let every task through, now and later.
	 */
	public void open() {
		this.opened.countDown();
	}

}
