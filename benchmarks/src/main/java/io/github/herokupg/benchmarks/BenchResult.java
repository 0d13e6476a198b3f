package io.github.herokupg.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;

/**
 * One benchmark's outcome: the median of the per-round ratios of the starter to its
 * baseline, their minimum and maximum, the goal, and the raw figures behind them.
 *
 * @param name the benchmark name
 * @param ratio the median per-round ratio, starter / baseline
 * @param min the smallest per-round ratio
 * @param max the largest per-round ratio
 * @param rounds how many alternating rounds the ratio is the median of
 * @param goal the goal, as text
 * @param met whether the goal was met
 * @param figures the raw figures
 * @author heroku-postgres-spring-boot-starter contributors
 */
record BenchResult(String name, double ratio, double min, double max, int rounds, String goal, boolean met,
		String figures) {

	/**
	 * Summarise the per-round ratios of a benchmark.
	 */
	static BenchResult of(String name, List<Double> ratios, String goal, DoublePredicate meets, String figures) {
		double median = median(ratios);
		return new BenchResult(name, median, min(ratios), max(ratios), ratios.size(), goal, meets.test(median),
				figures);
	}

	String line() {
		return String.format(Locale.ROOT, "BENCH %s ratio=%.3f min=%.3f max=%.3f rounds=%d goal=%s met=%s %s",
				this.name, this.ratio, this.min, this.max, this.rounds, this.goal, this.met, this.figures);
	}

	static double min(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
	}

	static double max(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
	}

	static double median(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	/**
	 * Return the ratios of paired measurements, round by round: their median cancels the
	 * drift of a shared machine better than a ratio of medians.
	 */
	static List<Double> pairedRatios(List<Double> starter, List<Double> baseline) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < starter.size(); i++) {
			ratios.add(starter.get(i) / baseline.get(i));
		}
		return ratios;
	}

	static String format(List<Double> values) {
		return Arrays.toString(values.stream().map((value) -> String.format(Locale.ROOT, "%.2f", value)).toArray());
	}

}
