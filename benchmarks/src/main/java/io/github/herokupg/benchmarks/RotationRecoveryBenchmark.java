package io.github.herokupg.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.jdbc.CredentialAwareDataSource;
import io.github.herokupg.jdbc.PostgresConnector;
import io.github.herokupg.jdbc.PostgresConnectors;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.QueryLoad;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Where the time after a rotation goes, and what it costs the requests. 8 threads query
 * a pool of 8; per rotation the password is changed (the old sessions stay up, as
 * PostgreSQL keeps them), then, after the window before, the new URL written to the file
 * source and a refresh triggered, as the endpoint or a webhook does. The source's share is the refresh until
 * the change (fetch and the validating login); the pool's share is the change until the
 * pool's first connection with the new credentials, and the refill the change until the
 * pool holds none with the old ones and is back at its minimum idle. The p99 latency of
 * the window from the rotation on is compared with the window before it, and the slowest
 * request of each window is reported beside it (a load of 8 threads sends no requests
 * while its threads wait, so a long wait shows in the slowest request, hardly in the
 * p99). The
 * {@link Variant#LOGINS_ONLY} control makes as many logins as a rotation does, at the
 * pace of Hikari's connection adder, without touching the pool: what any rotation costs
 * requests on a machine whose CPUs the application and the database share. The variants
 * of one load alternate in blocks of four rotations, each in an application of its own
 * that stays up for the run, so that a difference between them is not the machine's
 * mood between one variant's minutes and the next's.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class RotationRecoveryBenchmark {

	private static final int THREADS = 8;

	private static final long WINDOW = TimeUnit.SECONDS.toNanos(2);

	private static final long SETTLE = TimeUnit.MILLISECONDS.toNanos(300);

	private static final long POLL = TimeUnit.MICROSECONDS.toNanos(500);

	/** Rotations of one variant before the next variant carries the load. */
	private static final int BLOCK = 4;

	private RotationRecoveryBenchmark() {
	}

	enum Variant {

		/** The starter as it is: connections replaced one at a time. */
		ONE_AT_A_TIME(""),

		/**
		 * Every connection soft-evicted at the change, as Hikari offers it
		 * ({@code heroku.postgres.pool.replacement=immediate}).
		 */
		SOFT_EVICT_ALL("-soft-evict-all"),

		/** No rotation: the logins of one, and nothing else. */
		LOGINS_ONLY("-logins-only");

		private final String label;

		Variant(String label) {
			this.label = label;
		}

	}

	/**
	 * What one variant measured: the lines to print, the median p99 ratio and the median
	 * of the slowest request after each change.
	 *
	 * @param lines the lines to print
	 * @param p99Ratio the median over the rotations of the p99 ratio after to before
	 * @param slowestAfterMs the median over the rotations of the slowest request after
	 */
	record Figures(List<String> lines, double p99Ratio, double slowestAfterMs) {

	}

	/**
	 * Run the rotations of several variants under one load, alternated in blocks (the
	 * order moves on each block), so that the variants see the same state of a shared
	 * machine: each variant's application stays up for the whole run, and only the one
	 * whose block it is carries the load.
	 * @param directory where the file sources live
	 * @param rotations how many rotations per variant
	 * @param pause the pause of each load thread between two queries: zero saturates the
	 * machine's CPUs, on which the database runs as well
	 * @param variants what happens at each rotation
	 * @return the figures of each variant
	 */
	static Map<Variant, Figures> run(Path directory, int rotations, Duration pause, List<Variant> variants)
			throws Exception {
		String loadName = pause.isZero() ? "saturating" : "paced-" + pause.toMillis() + "ms";
		Map<Variant, Subject> subjects = new LinkedHashMap<>();
		try {
			for (Variant variant : variants) {
				subjects.put(variant, Subject.start(directory, pause, variant));
			}
			BlockAlternation.run(List.copyOf(subjects.values()), rotations, BLOCK, Subject::rotations,
					(subject, count) -> subject.rotate(count, pause));
		}
		finally {
			subjects.values().forEach(Subject::close);
		}
		Map<Variant, Figures> figures = new LinkedHashMap<>();
		subjects.forEach((variant, subject) -> figures.put(variant, subject.figures(loadName)));
		return figures;
	}

	/**
	 * One variant's application, on a role of its own, and what its rotations measured.
	 */
	private static final class Subject implements AutoCloseable {

		private final Variant variant;

		private final Path file;

		private final ConfigurableApplicationContext context;

		private final HikariDataSource pool;

		private final AtomicLong changedAt = new AtomicLong();

		private final List<Double> sourceShares = new ArrayList<>();

		private final List<Double> poolShares = new ArrayList<>();

		private final List<Double> refills = new ArrayList<>();

		private final List<Double> ratios = new ArrayList<>();

		private final List<Double> slowestBefore = new ArrayList<>();

		private final List<Double> slowestAfter = new ArrayList<>();

		private TestRole role;

		private long failed;

		private Subject(Variant variant, TestRole role, Path file, ConfigurableApplicationContext context) {
			this.variant = variant;
			this.role = role;
			this.file = file;
			this.context = context;
			this.pool = context.getBean(HikariDataSource.class);
			context.getBean(DatabaseCredentials.class)
				.addChangeListener((snapshot) -> this.changedAt.set(System.nanoTime()));
		}

		static Subject start(Path directory, Duration pause, Variant variant) throws Exception {
			String name = variant.name().toLowerCase(Locale.ROOT) + "_" + (pause.isZero() ? "saturating" : "paced");
			TestRole role = BenchmarkDatabase.role().server().newRole("recovery_" + name, TestRole.randomPassword());
			Path file = Files.writeString(directory.resolve(name + ".url"), role.databaseUrl());
			SpringApplicationBuilder builder = PoolContexts.fileSourced(file, THREADS)
				.properties("heroku.postgres.refresh.interval=0");
			if (variant == Variant.SOFT_EVICT_ALL) {
				builder.properties("heroku.postgres.pool.replacement=immediate");
			}
			return new Subject(variant, role, file, builder.run());
		}

		int rotations() {
			return this.ratios.size();
		}

		/** Carry the load for a number of rotations. */
		void rotate(int rotations, Duration pause) throws Exception {
			DatabaseCredentials credentials = this.context.getBean(DatabaseCredentials.class);
			CredentialAwareDataSource connections = (CredentialAwareDataSource) this.pool.getDataSource();
			PostgresConnector connector = this.context.getBean(PostgresConnectors.class).direct();
			try (QueryLoad load = QueryLoad.start(THREADS, pause, (thread, sequence) -> query(this.pool))) {
				LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
				for (int rotation = 0; rotation < rotations; rotation++) {
					if (this.variant != Variant.LOGINS_ONLY) {
						// the database's part comes first, as on Heroku, and outside both windows:
						// the old sessions stay up
						this.role = this.role.rotate();
						LockSupport.parkNanos(SETTLE);
					}
					// what the last rotation measured is analysed: the window before starts now
					load.forgetBefore(System.nanoTime());
					LockSupport.parkNanos(WINDOW);
					long start = System.nanoTime();
					if (this.variant == Variant.LOGINS_ONLY) {
						loginsOfARotation(connector, credentials);
					}
					else {
						Files.writeString(this.file, this.role.databaseUrl());
						long opened = connections.connectionsOpened();
						start = System.nanoTime();
						credentials.refresh();
						long changed = this.changedAt.get();
						long generation = credentials.current().generation();
						this.sourceShares.add((changed - start) / 1e6);
						long first = awaitNanos(() -> connections.connectionsOpened() > opened);
						long refilled = awaitNanos(() -> connections.openConnectionsOlderThan(generation) == 0
								&& this.pool.getHikariPoolMXBean().getTotalConnections() >= this.pool
									.getMinimumIdle());
						this.poolShares.add(millisSince(changed, first));
						this.refills.add(millisSince(changed, refilled));
					}
					LockSupport.parkNanos(Math.max(0, start + WINDOW - System.nanoTime()));
					long from = start;
					this.failed += load.failuresAfter(from)
						.stream()
						.filter((query) -> query.endNanos() < from + WINDOW)
						.count();
					double before = load.latencyPercentile(start - WINDOW, start, 99);
					double after = load.latencyPercentile(start, start + WINDOW, 99);
					this.ratios.add(after / before);
					this.slowestBefore.add(load.latencyPercentile(start - WINDOW, start, 100) / 1e6);
					this.slowestAfter.add(load.latencyPercentile(start, start + WINDOW, 100) / 1e6);
				}
			}
		}

		Figures figures(String loadName) {
			List<String> lines = new ArrayList<>();
			String label = this.variant.label;
			if (this.variant != Variant.LOGINS_ONLY) {
				double poolMedian = BenchResult.median(this.poolShares);
				double poolMax = BenchResult.max(this.poolShares);
				lines.add(String.format(Locale.ROOT,
						"BENCH rotation-source-share%s median-ms=%.1f min-ms=%.1f max-ms=%.1f rounds=%d load=%s", label,
						BenchResult.median(this.sourceShares), BenchResult.min(this.sourceShares),
						BenchResult.max(this.sourceShares), this.sourceShares.size(), loadName));
				lines.add(String.format(Locale.ROOT,
						"BENCH rotation-pool-share%s median-ms=%.1f min-ms=%.1f max-ms=%.1f rounds=%d "
								+ "goal=median<=25,max<=100 met=%s load=%s refill-median-ms=%.1f refill-min-ms=%.1f "
								+ "refill-max-ms=%.1f poolShareMs=%s",
						label, poolMedian, BenchResult.min(this.poolShares), poolMax, this.poolShares.size(),
						poolMedian <= 25 && poolMax <= 100, loadName, BenchResult.median(this.refills),
						BenchResult.min(this.refills), BenchResult.max(this.refills),
						BenchResult.format(this.poolShares)));
			}
			BenchResult p99 = BenchResult.of("rotation-p99" + label, this.ratios, "<=1.10", (ratio) -> ratio <= 1.10,
					String.format(Locale.ROOT,
							"load=%s failedQueries=%d slowest-before-median-ms=%.1f slowest-after-median-ms=%.1f "
									+ "slowest-after-max-ms=%.1f ratios=%s",
							loadName, this.failed, BenchResult.median(this.slowestBefore),
							BenchResult.median(this.slowestAfter), BenchResult.max(this.slowestAfter),
							BenchResult.format(this.ratios)));
			lines.add(p99.line());
			return new Figures(lines, p99.ratio(), BenchResult.median(this.slowestAfter));
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

	private static void query(HikariDataSource pool) throws Exception {
		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("SELECT 1");
		}
	}

	/**
	 * The logins of a rotation: one to validate the new credentials, then one per pooled
	 * connection, 30 ms apart as Hikari's connection adder makes them.
	 */
	private static void loginsOfARotation(PostgresConnector connector, DatabaseCredentials credentials)
			throws Exception {
		connector.connect(credentials.current().url()).close();
		for (int i = 0; i < THREADS; i++) {
			connector.connect(credentials.current().url()).close();
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(30));
		}
	}

	/**
	 * Poll until a condition holds, for at most 10 seconds.
	 * @return when it held, or {@code -1}
	 */
	private static long awaitNanos(BooleanSupplier condition) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			if (condition.getAsBoolean()) {
				return System.nanoTime();
			}
			LockSupport.parkNanos(POLL);
		}
		return -1;
	}

	private static double millisSince(long from, long at) {
		return (at < 0) ? Double.POSITIVE_INFINITY : (at - from) / 1e6;
	}

}
