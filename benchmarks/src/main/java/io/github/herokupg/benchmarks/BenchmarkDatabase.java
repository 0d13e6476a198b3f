package io.github.herokupg.benchmarks;

import io.github.herokupg.test.server.HerokuLikePostgres;
import io.github.herokupg.test.server.PgBouncer;
import io.github.herokupg.test.server.TestRole;
import io.github.herokupg.url.DatabaseUrl;

/**
 * The server and role every benchmark uses, shared in this JVM (JMH runs in-process).
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class BenchmarkDatabase {

	private static volatile TestRole role;

	private static volatile PgBouncer bouncer;

	private static volatile HerokuLikePostgres replica;

	private BenchmarkDatabase() {
	}

	static void use(HerokuLikePostgres server) {
		role = server.newRole("bench", TestRole.randomPassword());
	}

	static TestRole role() {
		return role;
	}

	/** Return a PgBouncer in front of the server for the role, started on first use. */
	static synchronized PgBouncer bouncer() {
		if (bouncer == null) {
			bouncer = PgBouncer.start(role.server(), role);
		}
		return bouncer;
	}

	/** Return a streaming replica of the server, started on first use. */
	static synchronized HerokuLikePostgres replica() {
		if (replica == null) {
			replica = role.server().startReplica();
		}
		return replica;
	}

	static synchronized void stop() {
		if (replica != null) {
			replica.close();
			replica = null;
		}
		if (bouncer != null) {
			bouncer.close();
			bouncer = null;
		}
	}

	/** Return the starter's view of the URL, for the baselines' JDBC URL and properties. */
	static DatabaseUrl parsed() {
		return DatabaseUrl.parse("DATABASE_URL", role.databaseUrl());
	}

	/** Return the properties of a baseline Spring Boot pool with the same server and credentials. */
	static String[] springDatasourceProperties() {
		return new String[] { "spring.datasource.url=" + parsed().jdbcUrl() + "?sslmode=require",
				"spring.datasource.username=" + role.name(), "spring.datasource.password=" + role.password() };
	}

}
