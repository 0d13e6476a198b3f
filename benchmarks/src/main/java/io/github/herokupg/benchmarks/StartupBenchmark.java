package io.github.herokupg.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.herokupg.sample.SampleApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample application's start until ready, with the starter and {@code DATABASE_URL}
 * against the same application configured through {@code spring.datasource.*}: median
 * of the ratios of alternating run pairs, after three warm-up runs of each.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class StartupBenchmark {

	private StartupBenchmark() {
	}

	static BenchResult run(int runs) {
		List<Double> starter = new ArrayList<>();
		List<Double> baseline = new ArrayList<>();
		for (int warmUp = 0; warmUp < 3; warmUp++) {
			start("starter");
			start("baseline");
		}
		for (int run = 0; run < runs; run++) {
			boolean starterFirst = run % 2 == 0;
			for (String variant : starterFirst ? List.of("starter", "baseline") : List.of("baseline", "starter")) {
				(variant.equals("starter") ? starter : baseline).add(start(variant));
			}
		}
		return BenchResult.of("startup", BenchResult.pairedRatios(starter, baseline), "<=1.03",
				(ratio) -> ratio <= 1.03, String.format(Locale.ROOT, "starterMs=%.0f baselineMs=%.0f runs=%d starterRuns=%s baselineRuns=%s",
						BenchResult.median(starter), BenchResult.median(baseline), runs, BenchResult.format(starter),
						BenchResult.format(baseline)));
	}

	private static double start(String variant) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(SampleApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off", "logging.level.root=WARN");
		if (variant.equals("starter")) {
			builder.properties("DATABASE_URL=" + BenchmarkDatabase.role().databaseUrl());
		}
		else {
			builder.properties(BenchmarkDatabase.springDatasourceProperties());
		}
		long start = System.nanoTime();
		try (ConfigurableApplicationContext context = builder.run()) {
			return (System.nanoTime() - start) / 1_000_000.0;
		}
	}

}
