package io.github.herokupg.benchmarks;

import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.test.server.TestRole;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Borrow, {@code SELECT 1}, return through a real PgBouncer in transaction mode: the
 * starter's pool (from {@code DATABASE_CONNECTION_POOL_URL}) against plain HikariCP
 * configured by hand with {@code prepareThreshold=0} through the same PgBouncer. The
 * {@code control} variant is a second such pool, for an A/A comparison; the pools stay up
 * from round to round ({@link SharedPools}).
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class PoolerHotPathBenchmark {

	private static final int POOL_SIZE = 8;

	@Param({ "starter", "baseline", "control" })
	public String variant;

	private HikariDataSource pool;

	@Setup(Level.Trial)
	public void start() {
		if (this.variant.equals("starter")) {
			this.pool = PoolContexts.pool(SharedPools.get(PoolerHotPathBenchmark.class, this.variant, () -> {
				TestRole role = BenchmarkDatabase.role();
				return new SpringApplicationBuilder(PoolContexts.PoolConfiguration.class).web(WebApplicationType.NONE)
					.properties("spring.main.banner-mode=off", "logging.level.root=WARN",
							"spring.datasource.hikari.maximum-pool-size=" + POOL_SIZE,
							"spring.datasource.hikari.minimum-idle=" + POOL_SIZE, "DATABASE_URL=" + role.databaseUrl(),
							"DATABASE_CONNECTION_POOL_URL=" + BenchmarkDatabase.bouncer().databaseUrl(role))
					.run();
			}));
		}
		else {
			this.pool = SharedPools.get(PoolerHotPathBenchmark.class, this.variant, PoolerHotPathBenchmark::plainPool);
		}
	}

	private static HikariDataSource plainPool() {
		TestRole role = BenchmarkDatabase.role();
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl("jdbc:postgresql://localhost:" + BenchmarkDatabase.bouncer().port()
				+ "/postgres?sslmode=require&prepareThreshold=0");
		pool.setUsername(role.name());
		pool.setPassword(role.password());
		pool.setMaximumPoolSize(POOL_SIZE);
		pool.setMinimumIdle(POOL_SIZE);
		return pool;
	}

	@Benchmark
	public int selectOne() throws SQLException {
		return Queries.selectOne(this.pool);
	}

}
