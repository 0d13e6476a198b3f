package io.github.herokupg.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import io.github.herokupg.test.server.HerokuLikePostgres;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.testsupport.FakeHerokuApi;
import io.github.herokupg.testsupport.HostMoveDrill;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Moves the database to another port five times per source (file, command, the Platform
 * API faked), with default refresh settings and one client writing, and restarts it five
 * times on its own port: how long after the new URL is visible (or the server accepts
 * connections again) the first write succeeds, and how many acknowledged writes were
 * lost. Times, not ratios: the figure is the point.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class HostMoveBenchmark {

	private static final Duration LIMIT = Duration.ofSeconds(60);

	private HostMoveBenchmark() {
	}

	static void run(Path directory, int rounds, Consumer<String> lines) throws Exception {
		try (HerokuLikePostgres server = HerokuLikePostgres.startMovable();
				FakeHerokuApi api = FakeHerokuApi.start("my-app")) {
			TestRole role = server.newRole("mover", TestRole.randomPassword());
			Path file = directory.resolve("host-move-url");
			HostMoveDrill.inFile(file).accept(role.databaseUrl());
			api.serve("DATABASE_URL", role.databaseUrl());
			lines.accept(moves("file", server, role, rounds, HostMoveDrill.inFile(file), "heroku.postgres.source.type=file",
					"heroku.postgres.source.file=" + file));
			lines.accept(moves("command", server, role, rounds, HostMoveDrill.inFile(file),
					"heroku.postgres.source.type=command", "heroku.postgres.source.command=cat " + file));
			lines.accept(moves("heroku-api", server, role, rounds, (url) -> api.serve("DATABASE_URL", url),
					"heroku.postgres.source.type=heroku-api", "heroku.postgres.source.heroku-api.app=my-app",
					"heroku.postgres.source.heroku-api.base-url=" + api.baseUrl(),
					"heroku.postgres.source.heroku-api.token=t0ken"));
			lines.accept(restarts(server, role, rounds, file));
		}
	}

	private static String moves(String source, HerokuLikePostgres server, TestRole role, int rounds,
			Consumer<String> publish, String... properties) throws Exception {
		List<Double> seconds = new ArrayList<>();
		long lost;
		// the previous source's moves left the database elsewhere
		publish.accept(role.databaseUrl());
		try (ConfigurableApplicationContext context = PoolContexts.sourced(properties).run();
				HostMoveDrill drill = new HostMoveDrill(server, role, PoolContexts.pool(context), publish)) {
			for (int i = 0; i < rounds; i++) {
				seconds.add(drill.move(LIMIT).toMillis() / 1000.0);
			}
			drill.close();
			lost = drill.acknowledged() - drill.durable();
		}
		return line("host-move source=" + source, seconds, lost);
	}

	private static String restarts(HerokuLikePostgres server, TestRole role, int rounds, Path file) throws Exception {
		List<Double> seconds = new ArrayList<>();
		long lost;
		HostMoveDrill.inFile(file).accept(role.databaseUrl());
		try (ConfigurableApplicationContext context = PoolContexts
			.sourced("heroku.postgres.source.type=file", "heroku.postgres.source.file=" + file)
			.run(); HostMoveDrill drill = new HostMoveDrill(server, role, PoolContexts.pool(context), (url) -> {
			})) {
			for (int i = 0; i < rounds; i++) {
				seconds.add(drill.restart(LIMIT).toMillis() / 1000.0);
			}
			drill.close();
			lost = drill.acknowledged() - drill.durable();
		}
		return line("host-restart", seconds, lost);
	}

	private static String line(String name, List<Double> seconds, long lost) {
		List<Double> sorted = seconds.stream().sorted().toList();
		return String.format(Locale.ROOT, "BENCH %s median-s=%.2f max-s=%.2f rounds=%d lost-writes=%d all-s=%s", name,
				sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted.size(), lost,
				seconds.stream().map((value) -> String.format(Locale.ROOT, "%.2f", value)).toList());
	}

}
