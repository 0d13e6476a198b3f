package io.github.herokupg.reactive;

import java.time.Duration;

import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.credentials.PooledConnections;
import io.github.herokupg.test.HerokuPostgres;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive application behind Heroku's connection pooler: a real PgBouncer in
 * transaction mode. The R2DBC factory connects through it, and statements with bind
 * parameters keep working across transactions, which the driver's prepared-statement
 * cache would break there.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE)
@HerokuPostgres(pooler = true)
class ReactivePoolerTests {

	@Autowired
	ConnectionFactory connectionFactory;

	@Autowired
	DatabaseEndpoints endpoints;

	@Test
	void connectsThroughThePooler() {
		PooledConnections connections = (PooledConnections) ((ConnectionPool) this.connectionFactory).unwrap();
		assertThat(connections.credentials()).isSameAs(this.endpoints.pooler());
	}

	@Test
	void runsStatementsWithBindParametersAcrossTransactions() {
		DatabaseClient client = DatabaseClient.create(this.connectionFactory);
		Long total = Flux.range(1, 200)
			.flatMap((i) -> client.sql("SELECT $1::int + 0 AS n").bind(0, i).map((row) -> row.get("n", Integer.class)).one(),
					8)
			.map(Integer::longValue)
			.reduce(0L, Long::sum)
			.block(Duration.ofSeconds(60));
		assertThat(total).isEqualTo(200L * 201 / 2);
	}

}
