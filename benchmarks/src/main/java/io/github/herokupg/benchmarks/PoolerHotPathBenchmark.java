package io.github.herokupg.benchmarks;

import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.test.server.PgBouncer;
import io.github.herokupg.test.server.TestRole;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Borrow, {@code SELECT 1}, return through a real PgBouncer in transaction mode: the
 * starter's pool (from {@code DATABASE_CONNECTION_POOL_URL}) against plain HikariCP
 * configured by hand with {@code prepareThreshold=0} through the same PgBouncer.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class PoolerHotPathBenchmark {

	private static final int POOL_SIZE = 8;

	@Param({ "starter", "baseline" })
	public String variant;

	private ConfigurableApplicationContext context;

	private HikariDataSource pool;

	@Setup(Level.Trial)
	public void start() {
		TestRole role = BenchmarkDatabase.role();
		PgBouncer bouncer = BenchmarkDatabase.bouncer();
		if (this.variant.equals("starter")) {
			this.context = new SpringApplicationBuilder(PoolContexts.PoolConfiguration.class)
				.web(WebApplicationType.NONE)
				.properties("spring.main.banner-mode=off", "logging.level.root=WARN",
						"spring.datasource.hikari.maximum-pool-size=" + POOL_SIZE,
						"spring.datasource.hikari.minimum-idle=" + POOL_SIZE, "DATABASE_URL=" + role.databaseUrl(),
						"DATABASE_CONNECTION_POOL_URL=" + bouncer.databaseUrl(role))
				.run();
			this.pool = PoolContexts.pool(this.context);
		}
		else {
			HikariDataSource pool = new HikariDataSource();
			pool.setJdbcUrl("jdbc:postgresql://localhost:" + bouncer.port()
					+ "/postgres?sslmode=require&prepareThreshold=0");
			pool.setUsername(role.name());
			pool.setPassword(role.password());
			pool.setMaximumPoolSize(POOL_SIZE);
			pool.setMinimumIdle(POOL_SIZE);
			this.pool = pool;
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		if (this.context != null) {
			this.context.close();
		}
		else {
			this.pool.close();
		}
	}

	@Benchmark
	public int selectOne() throws SQLException {
		return Queries.selectOne(this.pool);
	}

}
