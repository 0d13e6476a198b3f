package io.github.herokupg.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

/**
 * Steady {@code SELECT 1} load from several threads, each query recorded with its end
 * time, latency and outcome, so that tests can count failures and measure recovery.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class QueryLoad implements AutoCloseable {

	private final ConcurrentLinkedQueue<Query> queries = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<Thread> threads = new ArrayList<>();

	private final long pauseNanos;

	private QueryLoad(Request request, int threadCount, long pauseNanos) {
		this.pauseNanos = pauseNanos;
		for (int i = 0; i < threadCount; i++) {
			int number = i;
			Thread thread = new Thread(() -> run(request, number), "query-load-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	/**
	 * Start load on a data source.
	 * @param dataSource the data source
	 * @param threads how many threads query at once
	 * @return the running load
	 */
	public static QueryLoad start(DataSource dataSource, int threads) {
		return new QueryLoad((thread, sequence) -> {
			try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
				statement.execute("SELECT 1");
			}
		}, threads, 0);
	}

	/**
	 * Start load of any requests, such as repository calls.
	 * @param threads how many threads send requests at once
	 * @param request one request
	 * @return the running load
	 */
	public static QueryLoad start(int threads, Request request) {
		return new QueryLoad(request, threads, 0);
	}

	/**
	 * Start load that leaves each thread idle for a pause after every request, as
	 * application threads that do other work between queries; the pause is not part of
	 * the recorded latency.
	 * @param threads how many threads send requests
	 * @param pause the pause after each request
	 * @param request one request
	 * @return the running load
	 */
	public static QueryLoad start(int threads, Duration pause, Request request) {
		return new QueryLoad(request, threads, pause.toNanos());
	}

	private void run(Request request, int thread) {
		long sequence = 0;
		while (this.running.get()) {
			long start = System.nanoTime();
			String error = null;
			try {
				request.run(thread, sequence++);
			}
			catch (SQLException ex) {
				error = ex.getSQLState() + " " + ex.getMessage();
			}
			catch (Exception ex) {
				error = ex.getClass().getSimpleName() + " " + ex.getMessage();
			}
			long end = System.nanoTime();
			this.queries.add(new Query(end, end - start, error));
			if (this.pauseNanos > 0) {
				LockSupport.parkNanos(this.pauseNanos);
			}
		}
	}

	/**
	 * One request of a load.
	 */
	@FunctionalInterface
	public interface Request {

		/**
		 * Send one request.
		 * @param thread the number of the thread
		 * @param sequence the number of the request within the thread
		 * @throws Exception if the request failed
		 */
		void run(int thread, long sequence) throws Exception;

	}

	/**
	 * Return every query recorded so far.
	 * @return the queries, roughly in completion order
	 */
	public List<Query> queries() {
		return List.copyOf(this.queries);
	}

	/**
	 * Drop the records of queries that ended before a moment, so that a long run keeps
	 * only what it still measures.
	 * @param nanoTime the moment, from {@link System#nanoTime()}
	 */
	public void forgetBefore(long nanoTime) {
		Query oldest = this.queries.peek();
		while (oldest != null && oldest.endNanos() < nanoTime) {
			this.queries.poll();
			oldest = this.queries.peek();
		}
	}

	/**
	 * Count the queries that succeeded after a moment.
	 * @param nanoTime the moment, from {@link System#nanoTime()}
	 * @return the count
	 */
	public long successesAfter(long nanoTime) {
		return this.queries.stream().filter((query) -> query.endNanos() > nanoTime && query.succeeded()).count();
	}

	/**
	 * Return the queries that failed after a moment.
	 * @param nanoTime the moment, from {@link System#nanoTime()}
	 * @return the failed queries
	 */
	public List<Query> failuresAfter(long nanoTime) {
		return this.queries.stream().filter((query) -> query.endNanos() > nanoTime && !query.succeeded()).toList();
	}

	/**
	 * Return when the first query succeeded after a moment.
	 * @param nanoTime the moment, from {@link System#nanoTime()}
	 * @return the end time of that query, or {@code -1}
	 */
	public long firstSuccessAfter(long nanoTime) {
		return this.queries.stream()
			.filter((query) -> query.endNanos() > nanoTime && query.succeeded())
			.mapToLong(Query::endNanos)
			.min()
			.orElse(-1);
	}

	/**
	 * Return a latency percentile of the queries that ended in a window.
	 * @param fromNanos start of the window, from {@link System#nanoTime()}
	 * @param toNanos end of the window
	 * @param percentile the percentile, for example 99
	 * @return the latency in nanoseconds, or {@code -1} if no query ended in the window
	 */
	public long latencyPercentile(long fromNanos, long toNanos, double percentile) {
		long[] latencies = this.queries.stream()
			.filter((query) -> query.endNanos() >= fromNanos && query.endNanos() < toNanos)
			.mapToLong(Query::latencyNanos)
			.sorted()
			.toArray();
		if (latencies.length == 0) {
			return -1;
		}
		int index = (int) Math.ceil(percentile / 100 * latencies.length) - 1;
		return latencies[Math.max(0, Math.min(index, latencies.length - 1))];
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		for (Thread thread : this.threads) {
			thread.join();
		}
	}

	/**
	 * One query.
	 *
	 * @param endNanos when it ended, from {@link System#nanoTime()}
	 * @param latencyNanos how long it took, borrow and return included
	 * @param error the SQL state and message of its failure, or {@code null}
	 */
	public record Query(long endNanos, long latencyNanos, String error) {

		public boolean succeeded() {
			return this.error == null;
		}

	}

}
