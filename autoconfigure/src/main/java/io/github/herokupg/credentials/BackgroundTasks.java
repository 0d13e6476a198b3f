package io.github.herokupg.credentials;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The one owner of the starter's background work: connection replacements, shared
 * fetches, time-bounded fetches, deferred refreshes and deferred closes. Every task's
 * {@link RuntimeException} is caught and logged, none dies silently. Stopping (with the
 * application context, before any bean is destroyed) interrupts what runs, waits for it,
 * and runs the deferred closes that had not run yet, so that nothing logs in or holds a
 * connection after the application stopped.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class BackgroundTasks implements Executor, SmartLifecycle, AutoCloseable {

	private static final Log logger = LogFactory.getLog(BackgroundTasks.class);

	private static final int MAX_THREADS = 16;

	private static final Duration STOP_WAIT = Duration.ofSeconds(5);

	private final ThreadPoolExecutor workers;

	private final ScheduledThreadPoolExecutor timer;

	private final Set<Runnable> closesOnStop = ConcurrentHashMap.newKeySet();

	private volatile boolean running = true;

	/**
	 * Create the tasks; their threads are daemons named {@code heroku-postgres-N}.
	 */
	public BackgroundTasks() {
		AtomicInteger count = new AtomicInteger();
		this.workers = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				(task) -> daemon(task, "heroku-postgres-" + count.incrementAndGet()));
		this.timer = new ScheduledThreadPoolExecutor(1, (task) -> daemon(task, "heroku-postgres-timer"));
		this.timer.setRemoveOnCancelPolicy(true);
	}

	private static Thread daemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * Run a task now on a thread of its own; a task that throws is logged.
	 * @param task the task
	 * @throws RejectedExecutionException after stop, or when every thread is busy (said
	 * in a warning)
	 */
	@Override
	public void execute(Runnable task) {
		try {
			this.workers.execute(logged(task));
		}
		catch (RejectedExecutionException ex) {
			logger.warn("Background task not run: " + (this.running ? "all " + MAX_THREADS + " threads are busy"
					: "the application is stopping"));
			throw ex;
		}
	}

	/**
	 * Run a task that can be waited for and interrupted through its future.
	 * @param <T> the result type
	 * @param task the task
	 * @return the future
	 * @throws RejectedExecutionException after stop, or when every thread is busy
	 */
	public <T> Future<T> submit(Callable<T> task) {
		return this.workers.submit(task);
	}

	/**
	 * Run a task after a delay.
	 * @param task the task
	 * @param delay the delay
	 */
	public void schedule(Runnable task, Duration delay) {
		try {
			this.timer.schedule(() -> {
				try {
					execute(task);
				}
				catch (RejectedExecutionException ex) {
					// said in the warning of execute
				}
			}, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Delayed background task not scheduled: the application is stopping");
		}
	}

	/**
	 * Close something after a delay, or when these tasks stop if that comes first.
	 * @param close the close
	 * @param delay the delay
	 */
	public void closeLater(Runnable close, Duration delay) {
		this.closesOnStop.add(close);
		Runnable once = () -> {
			if (this.closesOnStop.remove(close)) {
				close.run();
			}
		};
		try {
			this.timer.schedule(logged(once), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			once.run();
		}
	}

	private static Runnable logged(Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				logger.error("Background task of the Heroku Postgres starter failed", ex);
			}
		};
	}

	@Override
	public void start() {
		// running from construction on: work can be handed over while the context starts
	}

	@Override
	public void stop() {
		close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// among the first to stop, before the web server's graceful shutdown (a lower phase)
		return SmartLifecycle.DEFAULT_PHASE;
	}

	/**
	 * Interrupt what runs, wait for it, and run the closes still pending.
	 */
	@Override
	public void close() {
		this.running = false;
		List<Runnable> pending = this.timer.shutdownNow();
		this.workers.shutdownNow();
		try {
			if (!this.workers.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Background tasks still running " + STOP_WAIT.toSeconds() + "s after they were told to stop");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		logger.debug(pending.size() + " delayed background tasks dropped at stop");
		for (Runnable close : List.copyOf(this.closesOnStop)) {
			if (this.closesOnStop.remove(close)) {
				logged(close).run();
			}
		}
	}

	/**
	 * Return how many threads run tasks now.
	 * @return the number of active threads
	 */
	public int activeThreads() {
		return this.workers.getActiveCount();
	}

}
