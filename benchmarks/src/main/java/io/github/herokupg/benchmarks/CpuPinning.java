package io.github.herokupg.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Pins the database's processes and this JVM to different CPUs with {@code taskset},
 * where it exists and the machine has two CPUs or more, so that the load and the
 * database do not take turns on the same core between rounds of the hot-path
 * comparisons: the last CPU for PostgreSQL (the postmaster and its current children;
 * backends forked later inherit it), the others for this JVM.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class CpuPinning {

	private CpuPinning() {
	}

	/**
	 * Pin the processes of the PostgreSQL listening on a port apart from this JVM.
	 * @param port the server's port
	 * @return what was done, or empty when pinning is not possible here
	 */
	static Optional<String> pinDatabaseApart(int port) {
		int cpus = Runtime.getRuntime().availableProcessors();
		if (cpus < 2 || !run(List.of("taskset", "-V"))) {
			return Optional.empty();
		}
		List<Long> postgres = postgresProcesses(port);
		if (postgres.isEmpty()) {
			return Optional.empty();
		}
		String database = Integer.toString(cpus - 1);
		String application = (cpus == 2) ? "0" : "0-" + (cpus - 2);
		for (long pid : postgres) {
			run(List.of("taskset", "-a", "-c", "-p", database, Long.toString(pid)));
		}
		run(List.of("taskset", "-a", "-c", "-p", application, Long.toString(ProcessHandle.current().pid())));
		return Optional.of("CPU pinning: PostgreSQL (" + postgres.size() + " processes) on CPU " + database
				+ ", the benchmarks on CPU " + application);
	}

	/**
	 * The number of CPUs {@link #pinDatabaseApart(int)} leaves this JVM.
	 * @return the CPUs of the benchmarks
	 */
	static int applicationCpus() {
		return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
	}

	/**
	 * Let the database and this JVM use every CPU again: the rotation benchmarks measure
	 * what logins cost requests on a machine the two share, as applications run.
	 * @param port the server's port
	 */
	static void release(int port) {
		int cpus = Runtime.getRuntime().availableProcessors();
		if (cpus < 2 || !run(List.of("taskset", "-V"))) {
			return;
		}
		String all = "0-" + (cpus - 1);
		for (long pid : postgresProcesses(port)) {
			run(List.of("taskset", "-a", "-c", "-p", all, Long.toString(pid)));
		}
		run(List.of("taskset", "-a", "-c", "-p", all, Long.toString(ProcessHandle.current().pid())));
	}

	/**
	 * The postmaster started with the port, and its children.
	 */
	private static List<Long> postgresProcesses(int port) {
		List<Long> pids = new ArrayList<>();
		ProcessHandle.allProcesses()
			.filter((process) -> process.info().commandLine().map((line) -> line.contains("postgres")
					&& line.contains("-p " + port + " ")).orElse(false))
			.forEach((postmaster) -> {
				pids.add(postmaster.pid());
				postmaster.children().forEach((child) -> pids.add(child.pid()));
			});
		return pids;
	}

	private static boolean run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
