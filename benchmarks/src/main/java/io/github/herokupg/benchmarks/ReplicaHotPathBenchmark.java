package io.github.herokupg.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.test.server.HerokuLikePostgres;
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
 * A read-only transaction ({@code setReadOnly(true)}, {@code SELECT 1}, commit) on a real
 * streaming replica: through the starter's routed {@code dataSource} against plain
 * HikariCP configured by hand on the same follower.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class ReplicaHotPathBenchmark {

	private static final int POOL_SIZE = 8;

	@Param({ "starter", "baseline" })
	public String variant;

	private ConfigurableApplicationContext context;

	private HikariDataSource plain;

	private DataSource dataSource;

	@Setup(Level.Trial)
	public void start() {
		TestRole role = BenchmarkDatabase.role();
		HerokuLikePostgres replica = BenchmarkDatabase.replica();
		if (this.variant.equals("starter")) {
			this.context = new SpringApplicationBuilder(PoolContexts.PoolConfiguration.class)
				.web(WebApplicationType.NONE)
				.properties("spring.main.banner-mode=off", "logging.level.root=WARN",
						"spring.datasource.hikari.maximum-pool-size=" + POOL_SIZE,
						"heroku.postgres.replica.hikari.maximum-pool-size=" + POOL_SIZE,
						"heroku.postgres.replica.hikari.minimum-idle=" + POOL_SIZE, "DATABASE_URL=" + role.databaseUrl(),
						"heroku.postgres.replica.url-variables=HEROKU_POSTGRESQL_PINK_URL",
						"HEROKU_POSTGRESQL_PINK_URL=" + replica.databaseUrl(role.name(), role.password()))
				.run();
			this.dataSource = this.context.getBean(DataSource.class);
		}
		else {
			this.plain = new HikariDataSource();
			this.plain.setJdbcUrl("jdbc:postgresql://localhost:" + replica.port() + "/postgres?sslmode=require");
			this.plain.setUsername(role.name());
			this.plain.setPassword(role.password());
			this.plain.setMaximumPoolSize(POOL_SIZE);
			this.plain.setMinimumIdle(POOL_SIZE);
			this.dataSource = this.plain;
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		if (this.context != null) {
			this.context.close();
		}
		else {
			this.plain.close();
		}
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
