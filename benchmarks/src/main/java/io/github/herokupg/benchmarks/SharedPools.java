package io.github.herokupg.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The pools (or the application contexts holding them) of one comparison's variants,
 * each started on its first round and kept for the rest, so that the rounds can be short
 * and many: the two sides of a pair then run a second apart on warm pools, and the
 * machine's slower swings (another tenant's load, a backend's caches) fall on both.
 * {@link JmhAlternation} closes them when the comparison ends.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class SharedPools {

	private static final Map<String, AutoCloseable> started = new LinkedHashMap<>();

	private SharedPools() {
	}

	/**
	 * Return what a variant of a benchmark uses, started on first use.
	 * @param <T> its type
	 * @param benchmark the benchmark
	 * @param variant the variant
	 * @param start starts it
	 * @return the pool or context
	 */
	@SuppressWarnings("unchecked")
	static synchronized <T extends AutoCloseable> T get(Class<?> benchmark, String variant, Supplier<T> start) {
		return (T) started.computeIfAbsent(benchmark.getSimpleName() + "/" + variant, (key) -> start.get());
	}

	/** Close everything started so far. */
	static synchronized void closeAll() {
		for (AutoCloseable closeable : started.values()) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not close " + closeable, ex);
			}
		}
		started.clear();
	}

}
