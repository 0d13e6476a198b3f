package io.github.herokupg.benchmarks;

import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Borrow, {@code SELECT 1}, return: the starter's pool against Spring Boot's own
 * {@code HikariDataSource} configured with the same server and credentials. The
 * {@code control} variant is a second Spring Boot pool, for an A/A comparison. The pools
 * stay up from round to round ({@link SharedPools}).
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class PoolHotPathBenchmark {

	@Param({ "starter", "baseline", "control" })
	public String variant;

	private HikariDataSource pool;

	@Setup(Level.Trial)
	public void start() {
		this.pool = PoolContexts
			.pool(SharedPools.get(PoolHotPathBenchmark.class, this.variant, () -> PoolContexts.start(this.variant, 8)));
	}

	@Benchmark
	public int selectOne() throws SQLException {
		return Queries.selectOne(this.pool);
	}

}
