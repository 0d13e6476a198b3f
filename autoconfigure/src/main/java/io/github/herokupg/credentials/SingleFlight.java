package io.github.herokupg.credentials;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Runs at most one task at a time: callers that arrive while one runs wait for it and
 * share its result instead of starting another.
 *
 * @param <T> the result type
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class SingleFlight<T> {

	private final AtomicReference<@Nullable CompletableFuture<T>> inFlight = new AtomicReference<>();

	/**
	 * Run the task, or join the one already running.
	 * @param task the task
	 * @return the result of the task that ran
	 */
	T run(Supplier<T> task) {
		CompletableFuture<T> mine = new CompletableFuture<>();
		CompletableFuture<T> running = this.inFlight.compareAndExchange(null, mine);
		if (running != null) {
			return running.join();
		}
		try {
			T result = task.get();
			mine.complete(result);
			return result;
		}
		catch (RuntimeException ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.inFlight.set(null);
		}
	}

}
