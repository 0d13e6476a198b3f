package io.github.herokupg.test.server;

import org.springframework.boot.SpringApplication;
import org.springframework.util.ClassUtils;

/**
 * Stops a shared server when the JVM exits, after the application contexts that use it.
 * <p>
 * The JVM runs its shutdown hooks all at once. A server stopped by a hook of its own goes
 * away while Spring Boot's hook still closes the test contexts, and whatever such a
 * context does at close on the database (Hibernate's {@code create-drop} dropping its
 * schema, a pool's last statements) then waits for a server that is gone: 30 seconds of
 * Hikari's connection timeout before the JVM may exit. With Spring Boot present the
 * server stops in one of its shutdown handlers, which run once every context is closed.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class StopAtExit {

	private static final boolean SPRING_BOOT_PRESENT = ClassUtils
		.isPresent("org.springframework.boot.SpringApplication", StopAtExit.class.getClassLoader());

	private StopAtExit() {
	}

	/**
	 * Run a stop at JVM exit, after the application contexts have closed.
	 * @param stop what stops the server
	 * @param name the name of the thread that runs it without Spring Boot
	 */
	public static void register(Runnable stop, String name) {
		Runnable guarded = () -> {
			try {
				stop.run();
			}
			catch (RuntimeException ex) {
				// one server that fails to stop must not keep the others running
				System.err.println(name + ": " + ex);
			}
		};
		if (SPRING_BOOT_PRESENT) {
			SpringApplication.getShutdownHandlers().add(guarded);
		}
		else {
			Runtime.getRuntime().addShutdownHook(new Thread(guarded, name));
		}
	}

}
