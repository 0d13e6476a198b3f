package io.github.herokupg.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.autoconfigure.HerokuPostgresAutoConfiguration;
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
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A read-only transaction ({@code SELECT 1} in a read-only {@link TransactionTemplate},
 * as {@code @Transactional(readOnly = true)} runs it) on a real streaming replica: through
 * the starter's routed {@code dataSource} and Spring Boot's transaction manager, against
 * plain HikariCP configured by hand on the same follower with the transaction manager
 * Spring Boot would give it. The {@code control} variant is a second such pool, for an
 * A/A comparison; the pools stay up from round to round ({@link SharedPools}).
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

	private TransactionTemplate transactions;

	private final TransactionCallback<Integer> selectOne = (status) -> selectOne(this.dataSource);

	@Setup(Level.Trial)
	public void start() {
		if (this.variant.equals("starter")) {
			ConfigurableApplicationContext context = SharedPools.get(ReplicaHotPathBenchmark.class, this.variant, () -> {
				TestRole role = BenchmarkDatabase.role();
				return new SpringApplicationBuilder(RoutedPoolConfiguration.class).web(WebApplicationType.NONE)
					.properties("spring.main.banner-mode=off", "logging.level.root=WARN",
							"spring.datasource.hikari.maximum-pool-size=" + POOL_SIZE,
							"heroku.postgres.replica.hikari.maximum-pool-size=" + POOL_SIZE,
							"heroku.postgres.replica.hikari.minimum-idle=" + POOL_SIZE,
							"DATABASE_URL=" + role.databaseUrl(),
							"heroku.postgres.replica.url-variables=HEROKU_POSTGRESQL_PINK_URL",
							"HEROKU_POSTGRESQL_PINK_URL="
									+ BenchmarkDatabase.replica().databaseUrl(role.name(), role.password()))
					.run();
			});
			this.dataSource = context.getBean(DataSource.class);
			this.transactions = readOnly(context.getBean(PlatformTransactionManager.class));
		}
		else {
			HikariDataSource plain = SharedPools.get(ReplicaHotPathBenchmark.class, this.variant,
					ReplicaHotPathBenchmark::plainPool);
			this.dataSource = plain;
			this.transactions = readOnly(new JdbcTransactionManager(plain));
		}
	}

	private static TransactionTemplate readOnly(PlatformTransactionManager transactionManager) {
		TransactionTemplate transactions = new TransactionTemplate(transactionManager);
		transactions.setReadOnly(true);
		return transactions;
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
	public Integer readOnlyTransaction() {
		return this.transactions.execute(this.selectOne);
	}

	private static Integer selectOne(DataSource dataSource) {
		Connection connection = DataSourceUtils.getConnection(dataSource);
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT 1")) {
			result.next();
			return result.getInt(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The starter's pools with Spring Boot's transaction manager, as an application with
	 * {@code spring-boot-starter-jdbc} has them.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ HerokuPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class,
			DataSourceTransactionManagerAutoConfiguration.class, TransactionManagerCustomizationAutoConfiguration.class })
	static class RoutedPoolConfiguration {

	}

}
