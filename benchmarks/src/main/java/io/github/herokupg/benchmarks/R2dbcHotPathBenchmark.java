package io.github.herokupg.benchmarks;

import java.time.Duration;
import java.util.Objects;

import io.github.herokupg.autoconfigure.HerokuPostgresR2dbcAutoConfiguration;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.url.DatabaseUrl;
import io.github.herokupg.url.HostAndPort;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.r2dbc.ConnectionFactoryDecorator;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Acquire, {@code SELECT 1}, release through R2DBC: the starter's {@link ConnectionPool}
 * (from {@code DATABASE_URL}) against the r2dbc-pool an application configures by hand
 * with {@code spring.r2dbc.*} (Spring Boot's own), with the same server, credentials,
 * TLS mode and pool size, each in a context of its own. The {@code control} variant is a
 * second hand-configured pool, for an A/A comparison; the {@code decorated} variant is the
 * hand-configured pool with a {@link ConnectionFactoryDecorator} that does nothing but
 * wrap the driver's {@code create()}, as an observation decorator does: it shows what the
 * mere shape of a wrapped connection factory costs, where its connections land on
 * Reactor Netty's event loops. The pools stay up from round to round
 * ({@link SharedPools}).
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class R2dbcHotPathBenchmark {

	private static final int POOL_SIZE = 8;

	@Param({ "starter", "baseline", "control", "decorated" })
	public String variant;

	private ConnectionPool pool;

	@Setup(Level.Trial)
	public void start() {
		this.pool = SharedPools.get(R2dbcHotPathBenchmark.class, this.variant, () -> start(this.variant))
			.getBean(ConnectionPool.class);
	}

	private static ConfigurableApplicationContext start(String variant) {
		TestRole role = BenchmarkDatabase.role();
		SpringApplicationBuilder builder = new SpringApplicationBuilder(R2dbcConfiguration.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "logging.level.root=WARN",
					"spring.r2dbc.pool.initial-size=" + POOL_SIZE, "spring.r2dbc.pool.max-size=" + POOL_SIZE);
		if (variant.equals("decorated")) {
			builder.sources(PassThroughDecoration.class);
		}
		if (variant.equals("starter")) {
			builder.properties("DATABASE_URL=" + role.databaseUrl());
		}
		else {
			// what an application writes by hand without the starter: Spring Boot's own
			// r2dbc-pool from spring.r2dbc.*, with the same server, user, TLS mode and size
			DatabaseUrl url = BenchmarkDatabase.parsed();
			HostAndPort host = url.hosts().get(0);
			builder.properties("spring.r2dbc.url=r2dbc:postgresql://" + host.urlHost() + ":" + host.port() + "/"
					+ Objects.toString(url.database(), "") + "?sslMode=require", "spring.r2dbc.username=" + role.name(),
					"spring.r2dbc.password=" + role.password());
		}
		ConfigurableApplicationContext context = builder.run();
		context.getBean(ConnectionPool.class).warmup().block(Duration.ofSeconds(30));
		return context;
	}

	@Benchmark
	public @Nullable Integer selectOne() {
		return Mono.usingWhen(this.pool.create(),
				(connection) -> Mono.from(connection.createStatement("SELECT 1").execute())
					.flatMap((result) -> Mono.from(result.map((row, metadata) -> row.get(0, Integer.class)))),
				Connection::close)
			.block();
	}

	@Configuration(proxyBeanMethods = false)
	static class PassThroughDecoration {

		@Bean
		ConnectionFactoryDecorator passThrough() {
			return (factory) -> new ConnectionFactory() {

				@Override
				public Publisher<? extends Connection> create() {
					return Mono.defer(() -> Mono.from(factory.create()));
				}

				@Override
				public ConnectionFactoryMetadata getMetadata() {
					return factory.getMetadata();
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ HerokuPostgresR2dbcAutoConfiguration.class, R2dbcAutoConfiguration.class })
	static class R2dbcConfiguration {

	}

}
