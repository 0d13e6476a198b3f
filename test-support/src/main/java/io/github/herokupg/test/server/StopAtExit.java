package io.github.herokupg.test.server;

import java.time.Duration;
import java.util.Optional;

/**
 * Stops a server when the JVM exits, after the application contexts that use it.
 * <p>
 * The JVM runs its shutdown hooks all at once. A server stopped by a hook of its own goes
 * away while Spring Boot's hook still closes the test contexts, and whatever such a
 * context does at close on the database (Hibernate's {@code create-drop} dropping its
 * schema, a pool's last statements) then waits for a server that is gone: 30 seconds of
 * Hikari's connection timeout before the JVM may exit. So the hook that stops the server
 * first waits for Spring Boot's to end, when there is one.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class StopAtExit {

	/** The name Spring Boot gives the thread of its shutdown hook. */
	static final String SPRING_BOOT_HOOK = "SpringApplicationShutdownHook";

	/** How long the JVM takes to start every hook once it starts one. */
	private static final Duration HOOKS_STARTING = Duration.ofMillis(200);

	/** Spring Boot waits up to 10 s for each context to close; a stop waits that long and more. */
	private static final Duration CONTEXTS_CLOSING = Duration.ofSeconds(30);

	private StopAtExit() {
	}

	/**
	 * Run a stop at JVM exit, after Spring Boot's shutdown hook (if it runs) has closed
	 * the application contexts.
	 * @param stop what stops the server
	 * @param name the name of the hook's thread
	 */
	public static void register(Runnable stop, String name) {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			springBootHook().ifPresent(StopAtExit::awaitEnd);
			try {
				stop.run();
			}
			catch (RuntimeException ex) {
				// one server that fails to stop must not keep the others running
				System.err.println(name + ": " + ex);
			}
		}, name));
	}

	private static Optional<Thread> springBootHook() {
		long deadline = System.nanoTime() + HOOKS_STARTING.toNanos();
		do {
			Optional<Thread> hook = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> SPRING_BOOT_HOOK.equals(thread.getName()))
				.findFirst();
			if (hook.isPresent()) {
				return hook;
			}
			Thread.onSpinWait();
		}
		while (System.nanoTime() < deadline);
		return Optional.empty();
	}

	private static void awaitEnd(Thread hook) {
		try {
			hook.join(CONTEXTS_CLOSING.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
