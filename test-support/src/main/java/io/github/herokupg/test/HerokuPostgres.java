package io.github.herokupg.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a Heroku-like PostgreSQL: TLS only (plain TCP refused),
 * {@code scram-sha-256} passwords, a random user, a 65-character password and a
 * database of its own, on a random port. The server is started once per JVM and shared
 * by every test class that asks for it.
 * <p>
 * Beside {@code @SpringBootTest}, {@code @JdbcTest} or {@code @DataJpaTest}, the
 * application under test sees {@code DATABASE_URL} (and the
 * other config vars asked for here) before its context starts, as it would on a dyno,
 * and the slices keep the starter's {@code DataSource} instead of replacing it with an
 * embedded one. A {@link HerokuPostgresDatabase} parameter of a test method, or an
 * {@code @Autowired} field, is the handle that rotates credentials, restarts the server
 * or moves it.
 * <p>
 * A class that asks for a pooler or followers is skipped, with a message saying what to
 * install, on a machine without PgBouncer or {@code pg_basebackup}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(HerokuPostgresExtension.class)
public @interface HerokuPostgres {

	/**
	 * Whether to put a real PgBouncer in transaction mode in front of the server, as
	 * Heroku's connection pooler, and set {@code DATABASE_CONNECTION_POOL_URL}.
	 * @return whether to add the pooler
	 */
	boolean pooler() default false;

	/**
	 * How many streaming replicas to add, each set as a
	 * {@code HEROKU_POSTGRESQL_<COLOR>_URL} with a color from {@link #followerColors()}.
	 * @return the number of followers
	 */
	int followers() default 0;

	/**
	 * The colors of the followers' config vars, in order; the first
	 * {@link #followers()} are used. Set them to the ones production has, so that
	 * {@code heroku.postgres.replica.url-variables} reads the same in both.
	 * @return the colors
	 */
	String[] followerColors() default { "AMBER", "BLUE", "CRIMSON" };

}
