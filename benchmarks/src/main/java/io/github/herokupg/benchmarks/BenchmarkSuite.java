package io.github.herokupg.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Predicate;

import io.github.herokupg.test.server.HerokuLikePostgres;
import io.github.herokupg.test.server.PgBouncer;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Runs every benchmark against an embedded PostgreSQL configured like Heroku (TLS only,
 * SCRAM passwords) and prints one {@code BENCH} line each, then a table.
 * {@code ./mvnw -B -Pbenchmarks -DskipTests verify}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class BenchmarkSuite {

	/** Alternating rounds per comparison ({@code -Dbench.rounds}). */
	private static final int ROUNDS = Integer.getInteger("bench.rounds", 15);

	/** Rounds of a comparison whose pools stay up: three short ones for each long one. */
	private static final int SLICES = Integer.getInteger("bench.slices", 3 * ROUNDS);

	private static final String IO_WORKERS = "reactor.netty.ioWorkerCount";

	private BenchmarkSuite() {
	}

	public static void main(String[] args) throws Exception {
		Path directory = Files.createTempDirectory("heroku-postgres-benchmarks");
		List<BenchResult> results = new ArrayList<>();
		String only = System.getProperty("bench.only", "");
		Predicate<String> selected = (name) -> only.isBlank()
				|| Arrays.stream(only.split(",")).anyMatch((token) -> name.contains(token.strip()));
		try (HerokuLikePostgres server = HerokuLikePostgres.start()) {
			Runtime.getRuntime().addShutdownHook(new Thread(BenchmarkDatabase::stop));
			BenchmarkDatabase.use(server);
			CpuPinning.pinDatabaseApart(server.port()).ifPresent((pinning) -> {
				System.out.println(pinning);
				sizeEventLoops(CpuPinning.applicationCpus());
			});
			for (int threads : new int[] { 1, 8 }) {
				compareHotPath(results, selected, "pool-hot-path-" + threads + "t", PoolHotPathBenchmark.class, threads,
						"");
			}
			if (selected.test("r2dbc-hot-path") && !only.equals("r2dbc-hot-path-decorated")) {
				compareHotPath(results, selected, "r2dbc-hot-path", R2dbcHotPathBenchmark.class, 8, ioWorkers());
			}
			if (only.contains("r2dbc-hot-path-decorated")) {
				// on request only: Spring Boot's pool with a pass-through decorator against the same
				// pool without, to see what the shape of a wrapped factory costs
				JmhAlternation.Comparison decorated = JmhAlternation.compare(R2dbcHotPathBenchmark.class, 8, SLICES,
						"decorated", JmhAlternation.Timing.SLICES);
				report(results, BenchResult.of("r2dbc-hot-path-decorated", decorated.ratios(), "reported",
						(ratio) -> true, ioWorkers() + decorated.figures()));
			}
			if (selected.test("physical-connect")) {
				JmhAlternation.Comparison connect = JmhAlternation.compare(PhysicalConnectBenchmark.class, 1, ROUNDS);
				report(results, BenchResult.of("physical-connect", connect.ratios(), "<=1.03",
						(ratio) -> ratio <= 1.03, connect.figures()));
			}
			if (selected.test("pooler-hot-path")) {
				compareIfAvailable(results, selected, "pooler-hot-path", PoolerHotPathBenchmark.class,
						PgBouncer.isInstalled(), PgBouncer.NOT_INSTALLED);
			}
			if (selected.test("replica-hot-path")) {
				compareIfAvailable(results, selected, "replica-hot-path", ReplicaHotPathBenchmark.class,
						HerokuLikePostgres.canStartReplicas(), HerokuLikePostgres.NO_PG_BASEBACKUP);
			}
			// the rest measure the machine as applications share it
			CpuPinning.release(server.port());
			if (selected.test("fleet")) {
				// counts and times, not a ratio: printed as they are
				System.out.println(FleetSimulation.run(1000));
			}
			if (selected.test("startup")) {
				report(results, StartupBenchmark.run(20));
			}
			Map<String, RotationRecoveryBenchmark.Figures> recovery = new LinkedHashMap<>();
			for (Duration pause : new Duration[] { Duration.ofMillis(1), Duration.ZERO }) {
				String load = pause.isZero() ? "saturating" : "paced";
				List<RotationRecoveryBenchmark.Variant> variants = Arrays.stream(RotationRecoveryBenchmark.Variant.values())
					.filter((variant) -> selected.test("rotation-recovery-" + load + "-"
							+ variant.name().toLowerCase(Locale.ROOT).replace('_', '-')))
					.toList();
				if (!variants.isEmpty()) {
					// shares and ratios of several kinds, not one ratio: printed as they are
					RotationRecoveryBenchmark.run(directory, 24, pause, variants).forEach((variant, figures) -> {
						figures.lines().forEach(System.out::println);
						recovery.put(load + "-" + variant.name(), figures);
					});
				}
			}
			RotationGoals.printRecoveryGoals(recovery);
			if (selected.test("host-move")) {
				// seconds, not a ratio: printed as they are
				HostMoveBenchmark.run(directory, 5, System.out::println);
			}
			RotationBenchmark.Alternated periodic = null;
			RotationBenchmark.Alternated onAuthFailure = null;
			if (selected.test("rotation-periodic")) {
				periodic = RotationBenchmark.alternate("periodic", directory, 9,
						"heroku.postgres.refresh.interval=500ms", "heroku.postgres.refresh.on-auth-failure=false");
				report(results, periodic.rolling().result());
				report(results, periodic.immediate().result());
			}
			if (selected.test("rotation-on-auth-failure")) {
				onAuthFailure = RotationBenchmark.alternate("on-auth-failure", directory, 9,
						"heroku.postgres.refresh.interval=0");
				report(results, onAuthFailure.rolling().result());
				report(results, onAuthFailure.immediate().result());
			}
			RotationGoals.printFirstQueryGoal(periodic, onAuthFailure);
		}
		System.out.println();
		System.out.println("| benchmark | ratio (median) | min | max | rounds | goal | met |");
		System.out.println("|---|---|---|---|---|---|---|");
		for (BenchResult result : results) {
			System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %d | %s | %s |%n", result.name(), result.ratio(),
					result.min(), result.max(), result.rounds(), result.goal(), result.met() ? "yes" : "no");
		}
		System.out.printf("Machine: %d CPUs, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
				System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
	}

	/**
	 * Give Reactor Netty one event loop per CPU this JVM runs on, unless set on the
	 * command line. By default it makes at least four, sized when the JVM started; on
	 * fewer CPUs they take turns, and a pool runs faster or slower depending on how many
	 * of them its connections land on, which is decided by the shape of the connection
	 * factory's {@code create()} (any wrapper, the starter's or a pass-through decorator
	 * of Spring Boot's own pool, spreads them over all four; the driver's factory alone
	 * over two), not by the work done per operation.
	 */
	private static void sizeEventLoops(int cpus) {
		if (System.getProperty(IO_WORKERS) == null) {
			System.setProperty(IO_WORKERS, Integer.toString(cpus));
		}
	}

	/**
	 * Compare a benchmark that needs a component from Debian's packages, or say how to
	 * install it.
	 */
	private static void compareIfAvailable(List<BenchResult> results, Predicate<String> selected, String name,
			Class<?> benchmark, boolean available, String howToInstall) throws RunnerException {
		if (!available) {
			System.out.println("BENCH " + name + " skipped: " + howToInstall);
			return;
		}
		compareHotPath(results, selected, name, benchmark, 8, "");
	}

	/**
	 * Compare a hot path with its baseline in short rounds on pools that stay up, after
	 * its A/A control when that is selected, and print the control beside the line.
	 * @param figures what to print before the comparison's own figures
	 */
	private static void compareHotPath(List<BenchResult> results, Predicate<String> selected, String name,
			Class<?> benchmark, int threads, String figures) throws RunnerException {
		BenchResult control = null;
		if (selected.test(name + "-control")) {
			JmhAlternation.Comparison comparison = JmhAlternation.compare(benchmark, threads, SLICES, "control",
					JmhAlternation.Timing.SLICES);
			control = BenchResult.of(name + "-control", comparison.ratios(), "noise-floor", (ratio) -> true,
					comparison.figures());
			report(results, control);
		}
		if (selected.test(name)) {
			JmhAlternation.Comparison hotPath = JmhAlternation.compare(benchmark, threads, SLICES, "starter",
					JmhAlternation.Timing.SLICES);
			String controlFigure = (control != null) ? String.format(Locale.ROOT, "control=%.3f ", control.ratio())
					: "";
			report(results, BenchResult.of(name, hotPath.ratios(), ">=0.98", (ratio) -> ratio >= 0.98,
					controlFigure + figures + hotPath.figures()));
		}
	}

	/** The number of Reactor Netty's event loops, for the lines it decides. */
	private static String ioWorkers() {
		return "io-workers=" + System.getProperty(IO_WORKERS, "default") + " ";
	}

	private static void report(List<BenchResult> results, BenchResult result) {
		results.add(result);
		System.out.println(result.line());
	}

}
