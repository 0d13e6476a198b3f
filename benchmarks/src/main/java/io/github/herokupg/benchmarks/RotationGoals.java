package io.github.herokupg.benchmarks;

import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The rotation goals, each judged on figures of one run: what the replacement adds to
 * the p99 above the logins every rotation costs, its slowest request against soft
 * eviction's, and the first query on new credentials after a rotation that ends the
 * sessions.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class RotationGoals {

	/** The first query on new credentials before the connections were replaced one at a time. */
	private static final double FIRST_QUERY_PERIODIC_MS = 125;

	private static final double FIRST_QUERY_ON_AUTH_FAILURE_MS = 85;

	private static final double P99_EXCESS = 0.05;

	private RotationGoals() {
	}

	/**
	 * Print {@code BENCH rotation-p99-excess} and {@code BENCH rotation-slowest} when the
	 * variants they compare ran.
	 * @param recovery the figures by load and variant
	 */
	static void printRecoveryGoals(Map<String, RotationRecoveryBenchmark.Figures> recovery) {
		Double paced = excess(recovery, "paced");
		Double saturating = excess(recovery, "saturating");
		if (paced != null || saturating != null) {
			boolean met = (paced == null || paced <= P99_EXCESS) && (saturating == null || saturating <= P99_EXCESS);
			System.out.printf(Locale.ROOT, "BENCH rotation-p99-excess paced=%s saturating=%s goal=<=%.2f met=%s%n",
					format(paced), format(saturating), P99_EXCESS, met);
		}
		RotationRecoveryBenchmark.Figures rolling = recovery.get("saturating-ONE_AT_A_TIME");
		RotationRecoveryBenchmark.Figures evictAll = recovery.get("saturating-SOFT_EVICT_ALL");
		if (rolling != null && evictAll != null) {
			System.out.printf(Locale.ROOT,
					"BENCH rotation-slowest load=saturating one-at-a-time-ms=%.1f soft-evict-all-ms=%.1f "
							+ "goal=one-at-a-time<=soft-evict-all met=%s%n",
					rolling.slowestAfterMs(), evictAll.slowestAfterMs(),
					rolling.slowestAfterMs() <= evictAll.slowestAfterMs());
		}
	}

	/**
	 * The p99 ratio of the one-at-a-time replacement minus the logins-only control's, in
	 * one load.
	 */
	private static @Nullable Double excess(Map<String, RotationRecoveryBenchmark.Figures> recovery, String load) {
		RotationRecoveryBenchmark.Figures rolling = recovery.get(load + "-ONE_AT_A_TIME");
		RotationRecoveryBenchmark.Figures control = recovery.get(load + "-LOGINS_ONLY");
		return (rolling != null && control != null) ? rolling.p99Ratio() - control.p99Ratio() : null;
	}

	/**
	 * Print {@code BENCH rotation-first-query} when both rotation modes ran: the medians
	 * from the new URL being visible (a periodic refresh's share depends on where in its
	 * interval the rotation falls, so the figures from the change are printed beside, and
	 * so are the figures from the first failed query, when the application first sees the
	 * rotation). The goal is judged twice: against the figures measured before the
	 * replacement (a run of another day), and against the same application with soft
	 * eviction of every connection ({@code heroku.postgres.pool.replacement=immediate},
	 * how the pool moved before) alternated with it in this run.
	 * @param periodic the rotations picked up by periodic refresh
	 * @param onAuthFailure the rotations picked up by refresh on a rejected password
	 */
	static void printFirstQueryGoal(RotationBenchmark.@Nullable Alternated periodic,
			RotationBenchmark.@Nullable Alternated onAuthFailure) {
		if (periodic == null || onAuthFailure == null) {
			return;
		}
		RotationBenchmark.Rotations rolling = periodic.rolling();
		RotationBenchmark.Rotations onFailure = onAuthFailure.rolling();
		double periodicMs = BenchResult.median(rolling.recoveries());
		double onAuthFailureMs = BenchResult.median(onFailure.recoveries());
		double immediatePeriodicMs = BenchResult.median(periodic.immediate().recoveries());
		double immediateOnAuthFailureMs = BenchResult.median(onAuthFailure.immediate().recoveries());
		System.out.printf(Locale.ROOT,
				"BENCH rotation-first-query periodic-ms=%.1f on-auth-failure-ms=%.1f rounds=%d "
						+ "periodic-min-ms=%.1f periodic-max-ms=%.1f on-auth-failure-min-ms=%.1f "
						+ "on-auth-failure-max-ms=%.1f goal=periodic<=%.0f,on-auth-failure<=%.0f met=%s "
						+ "immediate-periodic-ms=%.1f immediate-on-auth-failure-ms=%.1f same-run-goal=<=immediate "
						+ "met-same-run=%s from-change-periodic-ms=%.1f from-change-on-auth-failure-ms=%.1f "
						+ "from-first-failure-periodic-ms=%.1f from-first-failure-on-auth-failure-ms=%.1f "
						+ "immediate-from-first-failure-periodic-ms=%.1f "
						+ "immediate-from-first-failure-on-auth-failure-ms=%.1f%n",
				periodicMs, onAuthFailureMs, rolling.recoveries().size(), BenchResult.min(rolling.recoveries()),
				BenchResult.max(rolling.recoveries()), BenchResult.min(onFailure.recoveries()),
				BenchResult.max(onFailure.recoveries()), FIRST_QUERY_PERIODIC_MS, FIRST_QUERY_ON_AUTH_FAILURE_MS,
				periodicMs <= FIRST_QUERY_PERIODIC_MS && onAuthFailureMs <= FIRST_QUERY_ON_AUTH_FAILURE_MS,
				immediatePeriodicMs, immediateOnAuthFailureMs,
				periodicMs <= immediatePeriodicMs && onAuthFailureMs <= immediateOnAuthFailureMs,
				BenchResult.median(rolling.fromChange()), BenchResult.median(onFailure.fromChange()),
				BenchResult.median(rolling.fromFirstFailure()), BenchResult.median(onFailure.fromFirstFailure()),
				BenchResult.median(periodic.immediate().fromFirstFailure()),
				BenchResult.median(onAuthFailure.immediate().fromFirstFailure()));
	}

	private static String format(@Nullable Double value) {
		return (value != null) ? String.format(Locale.ROOT, "%.3f", value) : "n/a";
	}

}
