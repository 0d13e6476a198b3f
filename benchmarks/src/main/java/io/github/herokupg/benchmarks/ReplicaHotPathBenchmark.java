package io.github.herokupg.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

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
 * A read-only transaction ({@code setReadOnly(true)}, {@code SELECT 1}, commit) on a real
 * streaming replica: through the starter's routed {@code dataSource} against plain
 * HikariCP configured by hand on the same follower. The {@code control} variant is a
 * second such pool, for an A/A comparison; the pools stay up from round to round
 * ({@link SharedPools}).
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class ReplicaHotPathBenchmark {

	private static final int POOL_SIZE = 8;

	@Param({ "starter", "baseline", "control" })
	public String variant;

	private DataSource dataSource;

	@Setup(Level.Trial)
	public void start() {
		if (this.variant.equals("starter")) {
			this.dataSource = SharedPools.get(ReplicaHotPathBenchmark.class, this.variant, () -> {
				TestRole role = BenchmarkDatabase.role();
				return new SpringApplicationBuilder(PoolContexts.PoolConfiguration.class).web(WebApplicationType.NONE)
					.properties("spring.main.banner-mode=off", "logging.level.root=WARN",
							"spring.datasource.hikari.maximum-pool-size=" + POOL_SIZE,
							"heroku.postgres.replica.hikari.maximum-pool-size=" + POOL_SIZE,
							"heroku.postgres.replica.hikari.minimum-idle=" + POOL_SIZE,
							"DATABASE_URL=" + role.databaseUrl(),
							"heroku.postgres.replica.url-variables=HEROKU_POSTGRESQL_PINK_URL",
							"HEROKU_POSTGRESQL_PINK_URL="
									+ BenchmarkDatabase.replica().databaseUrl(role.name(), role.password()))
					.run();
			}).getBean(DataSource.class);
		}
		else {
			this.dataSource = SharedPools.get(ReplicaHotPathBenchmark.class, this.variant,
					ReplicaHotPathBenchmark::plainPool);
		}
	}

	private static HikariDataSource plainPool() {
		TestRole role = BenchmarkDatabase.role();
		HikariDataSource plain = new HikariDataSource();
		plain.setJdbcUrl(
				"jdbc:postgresql://localhost:" + BenchmarkDatabase.replica().port() + "/postgres?sslmode=require");
		plain.setUsername(role.name());
		plain.setPassword(role.password());
		plain.setMaximumPoolSize(POOL_SIZE);
		plain.setMinimumIdle(POOL_SIZE);
		return plain;
	}

	@Benchmark
	public int readOnlyTransaction() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			connection.setReadOnly(true);
			int value;
			try (Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery("SELECT 1")) {
				result.next();
				value = result.getInt(1);
			}
			connection.commit();
			connection.setReadOnly(false);
			connection.setAutoCommit(true);
			return value;
		}
	}

}
