package io.github.herokupg.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.QueryLoad;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * 8 threads of steady queries; the password is rotated, the new URL written to the file
 * source and the role's backends terminated (all at once, over a superuser session opened
 * before), several times in one run; each application's first rotation is a warm-up and
 * not recorded (it runs the refresh and failure paths of that application for the first
 * time, as a JMH warm-up iteration does). Per recorded rotation: failed queries, the time
 * from the new URL being visible to the first query on the new credentials, and the p99
 * latency of the window after the rotation against the window before; the ratio is the
 * median over the rotations.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class RotationBenchmark {

	private static final int THREADS = 8;

	private static final long WINDOW = TimeUnit.SECONDS.toNanos(3);

	/** Rotations in one application before the alternation moves to the other variant. */
	private static final int BLOCK = 3;

	/** Unrecorded rotations at the start of each application. */
	private static final int WARM_UP = 1;

	private RotationBenchmark() {
	}

	/**
	 * What the rotations measured.
	 *
	 * @param result the p99 ratio and the figures behind it
	 * @param recoveries per rotation, the milliseconds from the new URL being visible to
	 * the first query on the new credentials
	 * @param fromChange per rotation, the milliseconds from the new credentials becoming
	 * current to the first query on them
	 * @param fromFirstFailure per rotation, the milliseconds from the first query that
	 * failed on a terminated session (when the application first sees the rotation) to
	 * the first query on the new credentials: the recovery as the application sees it
	 */
	record Rotations(BenchResult result, List<Double> recoveries, List<Double> fromChange,
			List<Double> fromFirstFailure) {

	}

	/**
	 * The rotations of one mode, alternated in blocks between the starter as it is and
	 * the same application with {@code heroku.postgres.pool.replacement=immediate}
	 * (HikariCP's soft eviction of every connection at the change, how the pool moved
	 * before the connections were replaced one at a time), so that the first-query goal
	 * compares the two on the same machine at the same time.
	 *
	 * @param rolling the starter as it is
	 * @param immediate the same with soft eviction of every connection
	 */
	record Alternated(Rotations rolling, Rotations immediate) {

	}

	static Alternated alternate(String mode, Path directory, int rotations, String... properties) throws Exception {
		Side rolling = new Side(mode, properties);
		Side immediate = new Side(mode + "-immediate",
				append(properties, "heroku.postgres.pool.replacement=immediate"));
		BlockAlternation.run(List.of(rolling, immediate), rotations, BLOCK, Side::rotations,
				(side, count) -> side.rotate(directory, count));
		return new Alternated(rolling.result(), immediate.result());
	}

	/**
	 * End every session of a role at once, as Heroku does, over a superuser session opened
	 * before the load: the rotation's figures then hold no login of the harness, and no
	 * wait for one backend to exit before the next is signalled.
	 * @return how many sessions were signalled
	 */
	private static int terminateSessions(Connection admin, String role) throws SQLException {
		try (PreparedStatement statement = admin
			.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = ?")) {
			statement.setString(1, role);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

	private static String[] append(String[] properties, String property) {
		String[] all = Arrays.copyOf(properties, properties.length + 1);
		all[properties.length] = property;
		return all;
	}

	/**
	 * One variant: its properties, its role with the current password, and what its
	 * rotations measured.
	 */
	private static final class Side {

		private final String label;

		private final String[] properties;

		private TestRole role;

		private final List<Double> ratios = new ArrayList<>();

		private final List<Double> recoveries = new ArrayList<>();

		private final List<Double> fromChange = new ArrayList<>();

		private final List<Double> fromFirstFailure = new ArrayList<>();

		private long failed;

		private long terminated;

		Side(String label, String[] properties) {
			this.label = label;
			this.properties = properties;
			this.role = newRole(label);
		}

		/**
		 * Start the application on the role and rotate its password a number of times.
		 */
		void rotate(Path directory, int rotations) throws Exception {
			Path file = Files.writeString(directory.resolve(this.label + ".url"), this.role.databaseUrl());
			SpringApplicationBuilder builder = PoolContexts.fileSourced(file, THREADS)
				.properties("heroku.postgres.refresh.min-interval=200ms")
				.properties(this.properties);
			try (ConfigurableApplicationContext context = builder.run()) {
				AtomicLong changedAt = new AtomicLong();
				context.getBean(DatabaseCredentials.class)
					.addChangeListener((snapshot) -> changedAt.set(System.nanoTime()));
				DataSource dataSource = context.getBean(DataSource.class);
				try (Connection admin = this.role.server().adminDataSource().getConnection();
						QueryLoad load = QueryLoad.start(dataSource, THREADS)) {
					// a new session's first look at pg_stat_activity reads the catalogs: not in a rotation
					terminateSessions(admin, "no_such_role");
					LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
					for (int rotation = 0; rotation < WARM_UP + rotations; rotation++) {
						LockSupport.parkNanos(WINDOW);
						changedAt.set(0);
						this.role = this.role.rotate();
						Files.writeString(file, this.role.databaseUrl());
						long visible = System.nanoTime();
						int ended = terminateSessions(admin, this.role.name());
						LockSupport.parkNanos(WINDOW);
						if (rotation >= WARM_UP) {
							this.terminated += ended;
							add(load, visible, changedAt.get());
						}
						// the next rotation measures from here: a small heap keeps collections short
						load.forgetBefore(visible + WINDOW);
					}
				}
			}
		}

		int rotations() {
			return this.ratios.size();
		}

		void add(QueryLoad load, long visible, long changed) {
			long firstSuccess = (changed > 0) ? load.firstSuccessAfter(changed) : -1;
			this.recoveries.add((firstSuccess > 0) ? (firstSuccess - visible) / 1e6 : Double.POSITIVE_INFINITY);
			this.fromChange.add((firstSuccess > 0) ? (firstSuccess - changed) / 1e6 : Double.POSITIVE_INFINITY);
			List<QueryLoad.Query> failures = load.failuresAfter(visible - TimeUnit.MILLISECONDS.toNanos(100))
				.stream()
				.filter((query) -> query.endNanos() < visible + WINDOW)
				.toList();
			this.failed += failures.size();
			long firstFailure = failures.stream().mapToLong(QueryLoad.Query::endNanos).min().orElse(-1);
			this.fromFirstFailure.add((firstSuccess > 0 && firstFailure > 0) ? (firstSuccess - firstFailure) / 1e6
					: Double.POSITIVE_INFINITY);
			double before = load.latencyPercentile(visible - WINDOW, visible, 99);
			double after = load.latencyPercentile(visible, visible + WINDOW, 99);
			this.ratios.add(after / before);
		}

		Rotations result() {
			String name = "rotation-" + this.label;
			double maxRecoveryMs = BenchResult.max(this.recoveries);
			boolean recovered = maxRecoveryMs < 1000;
			long failedQueries = this.failed;
			long terminatedConnections = this.terminated;
			return new Rotations(BenchResult.of(name, this.ratios, "failed<=in-use,recovery<1s",
					(ratio) -> recovered && failedQueries <= terminatedConnections,
					String.format(Locale.ROOT,
							"failedQueries=%d terminatedConnections=%d recoveryMsMedian=%.1f recoveryMsMax=%.1f "
									+ "recoveryMs=%s",
							failedQueries, terminatedConnections, BenchResult.median(this.recoveries),
							maxRecoveryMs, BenchResult.format(this.recoveries))),
					this.recoveries, this.fromChange, this.fromFirstFailure);
		}

	}

	private static TestRole newRole(String mode) {
		return BenchmarkDatabase.role().server().newRole("rot_" + mode.replace('-', '_'), TestRole.randomPassword());
	}

}
