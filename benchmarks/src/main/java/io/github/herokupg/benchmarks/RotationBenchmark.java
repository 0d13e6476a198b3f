package io.github.herokupg.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * source and the role's backends terminated, several times in one run. Per rotation:
 * failed queries, the time from the new URL being visible to the first query on the new
 * credentials, and the p99 latency of the window after the rotation against the window
 * before; the ratio is the median over the rotations.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class RotationBenchmark {

	private static final int THREADS = 8;

	private static final long WINDOW = TimeUnit.SECONDS.toNanos(3);

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
	 * the first query on the new credentials: the recovery without the test harness's own
	 * login to the server that terminates the sessions
	 */
	record Rotations(BenchResult result, List<Double> recoveries, List<Double> fromChange,
			List<Double> fromFirstFailure) {

	}

	static Rotations run(String mode, Path directory, int rotations, String... properties) throws Exception {
		TestRole role = newRole(mode);
		Path file = Files.writeString(directory.resolve(mode + ".url"), role.databaseUrl());
		SpringApplicationBuilder builder = PoolContexts.fileSourced(file, THREADS)
			.properties("heroku.postgres.refresh.min-interval=200ms")
			.properties(properties);
		List<Double> ratios = new ArrayList<>();
		List<Double> recoveries = new ArrayList<>();
		List<Double> fromChange = new ArrayList<>();
		List<Double> fromFirstFailure = new ArrayList<>();
		long failed = 0;
		long terminated = 0;
		try (ConfigurableApplicationContext context = builder.run()) {
			AtomicLong changedAt = new AtomicLong();
			context.getBean(DatabaseCredentials.class).addChangeListener((snapshot) -> changedAt.set(System.nanoTime()));
			DataSource dataSource = context.getBean(DataSource.class);
			try (QueryLoad load = QueryLoad.start(dataSource, THREADS)) {
				LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
				for (int rotation = 0; rotation < rotations; rotation++) {
					LockSupport.parkNanos(WINDOW);
					changedAt.set(0);
					role = role.rotate();
					Files.writeString(file, role.databaseUrl());
					long visible = System.nanoTime();
					terminated += role.server().terminateBackends(role.name());
					LockSupport.parkNanos(WINDOW);
					long changed = changedAt.get();
					long firstSuccess = (changed > 0) ? load.firstSuccessAfter(changed) : -1;
					recoveries.add((firstSuccess > 0) ? (firstSuccess - visible) / 1e6 : Double.POSITIVE_INFINITY);
					fromChange.add((firstSuccess > 0) ? (firstSuccess - changed) / 1e6 : Double.POSITIVE_INFINITY);
					List<QueryLoad.Query> failures = load.failuresAfter(visible - TimeUnit.MILLISECONDS.toNanos(100))
						.stream()
						.filter((query) -> query.endNanos() < visible + WINDOW)
						.toList();
					failed += failures.size();
					long firstFailure = failures.stream().mapToLong(QueryLoad.Query::endNanos).min().orElse(-1);
					fromFirstFailure.add((firstSuccess > 0 && firstFailure > 0) ? (firstSuccess - firstFailure) / 1e6
							: Double.POSITIVE_INFINITY);
					double before = load.latencyPercentile(visible - WINDOW, visible, 99);
					double after = load.latencyPercentile(visible, visible + WINDOW, 99);
					ratios.add(after / before);
				}
			}
		}
		double maxRecoveryMs = BenchResult.max(recoveries);
		boolean recovered = maxRecoveryMs < 1000;
		long failedQueries = failed;
		long terminatedConnections = terminated;
		return new Rotations(BenchResult.of("rotation-" + mode, ratios, "failed<=in-use,recovery<1s",
				(ratio) -> recovered && failedQueries <= terminatedConnections,
				String.format(Locale.ROOT,
						"failedQueries=%d terminatedConnections=%d recoveryMsMedian=%.1f recoveryMsMax=%.1f "
								+ "recoveryMs=%s",
						failed, terminated, BenchResult.median(recoveries), maxRecoveryMs,
						BenchResult.format(recoveries))), recoveries, fromChange, fromFirstFailure);
	}

	private static TestRole newRole(String mode) {
		return BenchmarkDatabase.role().server().newRole("rot_" + mode.replace('-', '_'), TestRole.randomPassword());
	}

}
