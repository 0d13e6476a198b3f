package io.github.herokupg.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.herokupg.url.DatabaseUrl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Opens and closes one new physical connection (TLS handshake and SCRAM login
 * included): through the credential-aware {@code DataSource} against
 * {@link DriverManager} with the same URL and properties.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PhysicalConnectBenchmark {

	@Param({ "starter", "baseline" })
	public String variant;

	private ConfigurableApplicationContext context;

	private DataSource credentialAware;

	private String jdbcUrl;

	private Properties properties;

	@Setup(Level.Trial)
	public void start() {
		this.context = PoolContexts.start("starter", 1);
		this.credentialAware = PoolContexts.pool(this.context).getDataSource();
		DatabaseUrl url = BenchmarkDatabase.parsed();
		this.jdbcUrl = url.jdbcUrl();
		this.properties = url.connectionProperties();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public boolean connect() throws SQLException {
		try (Connection connection = this.variant.equals("starter") ? this.credentialAware.getConnection()
				: DriverManager.getConnection(this.jdbcUrl, this.properties)) {
			return connection.isClosed();
		}
	}

}
