package io.github.herokupg.credentials;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The current snapshot of an endpoint, the listeners told of each change, the wait for a
 * snapshot newer than one, and whether a new one is being validated.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class CurrentCredentials {

	private volatile CredentialsSnapshot current;

	private final List<Consumer<CredentialsSnapshot>> listeners = new CopyOnWriteArrayList<>();

	private final Object changeMonitor = new Object();

	private volatile boolean validating;

	CurrentCredentials(CredentialsSnapshot first) {
		this.current = first;
	}

	CredentialsSnapshot get() {
		return this.current;
	}

	void addChangeListener(Consumer<CredentialsSnapshot> listener) {
		this.listeners.add(listener);
	}

	/**
	 * Make a snapshot current (ending the validation that brought it), wake every waiter
	 * and tell the listeners: a listener that opens connections does not wait for the
	 * validation's end.
	 */
	void replace(CredentialsSnapshot next) {
		synchronized (this.changeMonitor) {
			this.current = next;
			this.validating = false;
			this.changeMonitor.notifyAll();
		}
		this.listeners.forEach((listener) -> listener.accept(next));
	}

	/**
	 * Say whether a fetched snapshot is being validated (the database asked whether it
	 * accepts it); the end of a validation that brought no change wakes every waiter too.
	 */
	void validating(boolean validating) {
		synchronized (this.changeMonitor) {
			this.validating = validating;
			this.changeMonitor.notifyAll();
		}
	}

	boolean isValidating() {
		return this.validating;
	}

	@Nullable CredentialsSnapshot newerThan(CredentialsSnapshot snapshot) {
		CredentialsSnapshot now = this.current;
		return (now.generation() > snapshot.generation()) ? now : null;
	}

	/**
	 * Wait for a snapshot newer than one while a condition holds, at most for a timeout.
	 */
	@Nullable CredentialsSnapshot awaitNewerThan(CredentialsSnapshot snapshot, Duration timeout,
			BooleanSupplier worthWaiting) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.changeMonitor) {
			while (this.current.generation() == snapshot.generation() && worthWaiting.getAsBoolean()) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return null;
				}
				try {
					// bounded slices: a condition measured on the clock may end unannounced
					this.changeMonitor.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(remaining), 100)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return null;
				}
			}
		}
		return newerThan(snapshot);
	}

}
