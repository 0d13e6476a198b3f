package io.github.herokupg.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs a JMH benchmark's {@code starter} and {@code baseline} variants in alternating
 * rounds (the order flips each round), so that both see the same noise of a shared
 * machine, and reports the median of the per-round ratios, after one unrecorded round of
 * each, with the bytes each side allocates per operation (JMH's GC profiler).
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class JmhAlternation {

	private JmhAlternation() {
	}

	static Comparison compare(Class<?> benchmark, int threads, int rounds) throws RunnerException {
		return compare(benchmark, threads, rounds, "starter");
	}

	static Comparison compare(Class<?> benchmark, int threads, int rounds, String candidate) throws RunnerException {
		return compare(benchmark, threads, rounds, candidate, Timing.TRIALS);
	}

	/**
	 * Compare a variant with the baseline; the {@code control} variant is a second
	 * baseline, whose ratio shows the noise floor of the machine.
	 */
	static Comparison compare(Class<?> benchmark, int threads, int rounds, String candidate, Timing timing)
			throws RunnerException {
		try {
			return alternate(benchmark, threads, rounds, candidate, timing);
		}
		finally {
			SharedPools.closeAll();
		}
	}

	private static Comparison alternate(Class<?> benchmark, int threads, int rounds, String candidate, Timing timing)
			throws RunnerException {
		List<Double> measured = new ArrayList<>();
		List<Double> baseline = new ArrayList<>();
		List<Double> measuredAlloc = new ArrayList<>();
		List<Double> baselineAlloc = new ArrayList<>();
		String unit = "";
		// one unrecorded round of each, as long as a round of fresh pools whatever the
		// timing: the first variant to run would otherwise pay for the JIT compilation of
		// the code both share (HikariCP, pgjdbc) and for settling its new pool
		run(benchmark, candidate, threads, Timing.TRIALS);
		run(benchmark, "baseline", threads, Timing.TRIALS);
		for (int round = 0; round < rounds; round++) {
			boolean candidateFirst = round % 2 == 0;
			for (String variant : candidateFirst ? List.of(candidate, "baseline") : List.of("baseline", candidate)) {
				RunResult result = run(benchmark, variant, threads, timing);
				unit = result.getPrimaryResult().getScoreUnit();
				(variant.equals(candidate) ? measured : baseline).add(result.getPrimaryResult().getScore());
				(variant.equals(candidate) ? measuredAlloc : baselineAlloc).add(allocatedBytesPerOperation(result));
			}
		}
		return new Comparison(measured, baseline, unit, measuredAlloc, baselineAlloc);
	}

	/**
	 * The bytes allocated per operation, as JMH's GC profiler measures them: a figure
	 * the machine's noise does not move.
	 */
	private static double allocatedBytesPerOperation(RunResult result) {
		for (Map.Entry<String, Result> entry : result.getSecondaryResults().entrySet()) {
			if (entry.getKey().endsWith("gc.alloc.rate.norm")) {
				return entry.getValue().getScore();
			}
		}
		return Double.NaN;
	}

	private static RunResult run(Class<?> benchmark, String variant, int threads, Timing timing)
			throws RunnerException {
		Options options = new OptionsBuilder().include(benchmark.getName() + "\\.")
			.param("variant", variant)
			.forks(0)
			.threads(threads)
			.warmupIterations(1)
			.warmupTime(TimeValue.milliseconds(timing.warmupMillis()))
			.measurementIterations(timing.iterations())
			.measurementTime(TimeValue.milliseconds(timing.iterationMillis()))
			.addProfiler(GCProfiler.class)
			.shouldFailOnError(true)
			.verbosity(VerboseMode.SILENT)
			.build();
		return new Runner(options).runSingle();
	}

	/**
	 * How long one variant runs in a round.
	 *
	 * @param warmupMillis the unrecorded warm-up
	 * @param iterations the measured iterations
	 * @param iterationMillis the length of each
	 */
	record Timing(long warmupMillis, int iterations, long iterationMillis) {

		/** For a benchmark that starts its pool in every round: 1 s warm-up, 2 × 2 s. */
		static final Timing TRIALS = new Timing(1000, 2, 2000);

		/**
		 * For a benchmark whose pools stay up between rounds ({@link SharedPools}):
		 * 0.5 s warm-up, 1 × 1 s, so that three times the rounds take the time of
		 * {@link #TRIALS}.
		 */
		static final Timing SLICES = new Timing(500, 1, 1000);

	}

	/**
	 * Scores of both variants.
	 *
	 * @param starter the starter's scores, one per round
	 * @param baseline the baseline's scores, one per round
	 * @param unit the score unit
	 */
	record Comparison(List<Double> starter, List<Double> baseline, String unit, List<Double> starterAlloc,
			List<Double> baselineAlloc) {

		List<Double> ratios() {
			return BenchResult.pairedRatios(this.starter, this.baseline);
		}

		String figures() {
			return String.format(Locale.ROOT,
					"alloc-bytes-per-op starter=%.1f baseline=%.1f starter=%.2f baseline=%.2f unit=%s starterRounds=%s "
							+ "baselineRounds=%s",
					BenchResult.median(this.starterAlloc), BenchResult.median(this.baselineAlloc),
					BenchResult.median(this.starter), BenchResult.median(this.baseline), this.unit.replace(' ', '_'),
					BenchResult.format(this.starter), BenchResult.format(this.baseline));
		}

	}

}
