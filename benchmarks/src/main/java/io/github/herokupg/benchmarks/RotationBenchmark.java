package io.github.herokupg.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.testsupport.QueryLoad;
import io.github.herokupg.testsupport.TestRole;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * 8 threads of steady queries; the password is rotated, the new URL written to the file
 * source and the role's backends terminated. Reports failed queries, the time from the
 * new URL being visible to the first query on the new credentials, and the p99 latency
 * of the 5 s after the rotation against the 5 s before.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class RotationBenchmark {

	private static final int THREADS = 8;

	private static final long WINDOW = TimeUnit.SECONDS.toNanos(5);

	private RotationBenchmark() {
	}

	static BenchResult run(String mode, Path directory, String... properties) throws Exception {
		TestRole role = newRole(mode);
		Path file = Files.writeString(directory.resolve(mode + ".url"), role.databaseUrl());
		SpringApplicationBuilder builder = new SpringApplicationBuilder(PoolContexts.PoolConfiguration.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "logging.level.root=WARN", "heroku.postgres.source.type=file",
					"heroku.postgres.source.file=" + file, "heroku.postgres.refresh.min-interval=200ms",
					"spring.datasource.hikari.maximum-pool-size=" + THREADS)
			.properties(properties);
		try (ConfigurableApplicationContext context = builder.run()) {
			AtomicLong changedAt = new AtomicLong();
			context.getBean(DatabaseCredentials.class).addChangeListener((snapshot) -> changedAt.set(System.nanoTime()));
			DataSource dataSource = context.getBean(DataSource.class);
			try (QueryLoad load = QueryLoad.start(dataSource, THREADS)) {
				LockSupport.parkNanos(WINDOW + TimeUnit.SECONDS.toNanos(1));
				rotate(role, file);
				long visible = System.nanoTime();
				int terminated = role.server().terminateBackends(role.name());
				LockSupport.parkNanos(WINDOW);
				long recovery = (changedAt.get() > 0) ? load.firstSuccessAfter(changedAt.get()) - visible : -1;
				long failed = load.failuresAfter(visible - TimeUnit.MILLISECONDS.toNanos(100)).size();
				double before = load.latencyPercentile(visible - WINDOW, visible, 99) / 1e6;
				double after = load.latencyPercentile(visible, visible + WINDOW, 99) / 1e6;
				double recoveryMs = recovery / 1e6;
				boolean met = recovery >= 0 && recoveryMs < 1000 && failed <= terminated;
				return new BenchResult("rotation-" + mode, after / before, "failed<=in-use,recovery<1s", met,
						String.format(Locale.ROOT,
								"failedQueries=%d terminatedConnections=%d recoveryMs=%.1f p99BeforeMs=%.2f p99AfterMs=%.2f queries=%d",
								failed, terminated, recoveryMs, before, after, load.queries().size()));
			}
		}
	}

	private static TestRole newRole(String mode) {
		return BenchmarkDatabase.role().server().newRole("rot_" + mode.replace('-', '_'), TestRole.randomPassword());
	}

	private static void rotate(TestRole role, Path file) throws IOException {
		TestRole rotated = role.rotate();
		Files.writeString(file, rotated.databaseUrl());
	}

}
