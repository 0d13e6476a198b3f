package io.github.herokupg.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One benchmark's outcome: the ratio of the starter to its baseline, the goal, and the
 * raw figures behind the ratio.
 *
 * @param name the benchmark name
 * @param ratio starter / baseline
 * @param goal the goal, as text
 * @param met whether the goal was met
 * @param figures the raw figures
 * @author heroku-postgres-spring-boot-starter contributors
 */
record BenchResult(String name, double ratio, String goal, boolean met, String figures) {

	String line() {
		return String.format(Locale.ROOT, "BENCH %s ratio=%.3f goal=%s met=%s %s", this.name, this.ratio, this.goal,
				this.met, this.figures);
	}

	static double median(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	/**
	 * Return the median of the ratios of paired measurements (round by round), which
	 * cancels the drift of a shared machine better than a ratio of medians.
	 */
	static double pairedRatio(List<Double> starter, List<Double> baseline) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < starter.size(); i++) {
			ratios.add(starter.get(i) / baseline.get(i));
		}
		return median(ratios);
	}

	static String format(List<Double> values) {
		return Arrays.toString(values.stream().map((value) -> String.format(Locale.ROOT, "%.2f", value)).toArray());
	}

}
