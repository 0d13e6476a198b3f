package io.github.herokupg.test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.herokupg.test.server.HerokuLikePostgres;
import io.github.herokupg.test.server.PgBouncer;
import io.github.herokupg.test.server.StopAtExit;
import io.github.herokupg.test.server.TestRole;
import org.jspecify.annotations.Nullable;

/**
 * The Heroku-like database of a JVM's tests and what Heroku does to a database, at the
 * test's command. Each method returns when the server is in its new state; the
 * application under test reads the new config vars as it would on a dyno, through the
 * environment.
 * <p>
 * Injected as a parameter of a test method of a class annotated with
 * {@link HerokuPostgres}, or {@code @Autowired} into its Spring context.
 * <p>
 * The methods that end sessions return once the pool would check an idle connection
 * before handing it out (HikariCP skips the check for a connection used in the last
 * 500 ms): the test's next statement is then a request that arrives after the event, as
 * on Heroku. A statement running while the event happens fails, as on Heroku; a test of
 * that runs its statements concurrently with the call.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class HerokuPostgresDatabase {

	/** The config var of the database. */
	public static final String DATABASE_URL = "DATABASE_URL";

	/** The config var of the connection pooler. */
	public static final String CONNECTION_POOL_URL = "DATABASE_CONNECTION_POOL_URL";

	private static final SecureRandom random = new SecureRandom();

	/**
	 * HikariCP hands out a connection used within this window without checking it (its
	 * {@code com.zaxxer.hikari.aliveBypassWindowMs}, 500 ms by default).
	 */
	private static final Duration POOL_CHECK_BYPASS = Duration
		.ofMillis(Long.getLong("com.zaxxer.hikari.aliveBypassWindowMs", 500));

	private static final Object lock = new Object();

	private static volatile @Nullable HerokuPostgresDatabase shared;

	private final HerokuLikePostgres server;

	private final String database;

	private final Duration startTime;

	private volatile TestRole role;

	private volatile @Nullable PgBouncer pooler;

	/** Replaced whole when a follower is added: read without the lock. */
	private volatile Map<String, HerokuLikePostgres> followers = Map.of();

	/** Held while the server changes; the config vars are read without it. */
	private final Object changes = new Object();

	private HerokuPostgresDatabase(HerokuLikePostgres server, TestRole role, String database, Duration startTime) {
		this.server = server;
		this.role = role;
		this.database = database;
		this.startTime = startTime;
	}

	/**
	 * Return the database of this JVM, starting it on first use; it is stopped when the
	 * JVM exits.
	 * @return the database
	 */
	static HerokuPostgresDatabase shared() {
		HerokuPostgresDatabase database = shared;
		if (database == null) {
			synchronized (lock) {
				database = shared;
				if (database == null) {
					database = start();
					StopAtExit.register(database::close, "heroku-postgres-test-stop");
					shared = database;
				}
			}
		}
		return database;
	}

	private static HerokuPostgresDatabase start() {
		long started = System.nanoTime();
		HerokuLikePostgres server = HerokuLikePostgres.startMovable();
		TestRole role = server.newRole("u" + hex(7).substring(1), "p" + hex(32));
		String database = "d" + hex(7).substring(1);
		server.createDatabase(database, role.name());
		return new HerokuPostgresDatabase(server, role, database, Duration.ofNanos(System.nanoTime() - started));
	}

	private static String hex(int bytes) {
		byte[] value = new byte[bytes];
		random.nextBytes(value);
		return HexFormat.of().formatHex(value);
	}

	/**
	 * Return the current {@code DATABASE_URL}: user, password, port and database as
	 * they are now.
	 * @return the URL
	 */
	public String databaseUrl() {
		TestRole role = this.role;
		return this.server.databaseUrl(role.name(), role.password(), this.database);
	}

	/**
	 * Return the current {@code DATABASE_CONNECTION_POOL_URL}.
	 * @return the URL through PgBouncer
	 * @throws IllegalStateException if the test did not ask for the pooler
	 */
	public String connectionPoolUrl() {
		PgBouncer pooler = this.pooler;
		if (pooler == null) {
			throw new IllegalStateException("No pooler: annotate the test class with @HerokuPostgres(pooler = true)");
		}
		return pooler.databaseUrl(this.role, this.database);
	}

	/**
	 * Return the config var names of the followers, in the order they were added.
	 * @return the variables, such as {@code HEROKU_POSTGRESQL_AMBER_URL}
	 */
	public List<String> followerVariables() {
		return List.copyOf(this.followers.keySet());
	}

	/**
	 * Return every config var Heroku would set for this database now:
	 * {@code DATABASE_URL}, the pooler's and the followers' when they exist.
	 * @return the variables and their current values
	 */
	public Map<String, String> configVars() {
		TestRole role = this.role;
		Map<String, String> variables = new LinkedHashMap<>();
		variables.put(DATABASE_URL, this.server.databaseUrl(role.name(), role.password(), this.database));
		PgBouncer pooler = this.pooler;
		if (pooler != null) {
			variables.put(CONNECTION_POOL_URL, pooler.databaseUrl(role, this.database));
		}
		this.followers.forEach((variable, follower) -> variables.put(variable,
				follower.databaseUrl(role.name(), role.password(), this.database)));
		return variables;
	}

	/**
	 * Rotate the credentials as {@code heroku pg:credentials:rotate} does: a new
	 * password in the server (and the pooler), every session of the old one terminated,
	 * and every config var updated. The old password is refused from then on.
	 */
	public void rotateCredentials() {
		synchronized (this.changes) {
			TestRole rotated = new TestRole(this.server, this.role.name(), "p" + hex(32));
			this.server.changePassword(rotated.name(), rotated.password());
			this.role = rotated;
			PgBouncer pooler = this.pooler;
			if (pooler != null) {
				pooler.updatePassword(rotated);
			}
			endSessions();
		}
		letPoolsNotice();
	}

	/**
	 * Terminate every session of the application's user, as a failover or
	 * {@code heroku pg:killall} does; the server keeps running.
	 */
	public void terminateConnections() {
		synchronized (this.changes) {
			endSessions();
		}
		letPoolsNotice();
	}

	private void endSessions() {
		this.server.terminateBackends(this.role.name());
		for (HerokuLikePostgres follower : this.followers.values()) {
			follower.terminateBackends(this.role.name());
		}
	}

	/**
	 * Let the time pass after which a pool checks the connections the event broke, so
	 * that the test's next statement is not one that was in flight.
	 */
	private static void letPoolsNotice() {
		try {
			Thread.sleep(POOL_CHECK_BYPASS.toMillis() + 50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stop the server and start it again on the same port, as after maintenance: every
	 * session ends, the data stays, the URL is unchanged.
	 */
	public void restart() {
		synchronized (this.changes) {
			this.server.restart();
		}
		letPoolsNotice();
	}

	/**
	 * Move the database to new hardware: the data is served from a new port, the old
	 * one refuses connections, and every config var names the new port.
	 */
	public void moveHost() {
		synchronized (this.changes) {
			this.server.stop();
			this.server.startOn(HerokuLikePostgres.freePort());
			for (HerokuLikePostgres follower : this.followers.values()) {
				follower.followLeader(this.server);
			}
			PgBouncer pooler = this.pooler;
			if (pooler != null) {
				pooler.retarget(this.server);
			}
		}
		letPoolsNotice();
	}

	/**
	 * Pause replay on every follower: they stay up and serve reads, but fall behind
	 * the leader until {@link #resumeReplay()}.
	 */
	public void pauseReplay() {
		synchronized (this.changes) {
			requireFollowers().forEach(HerokuLikePostgres::pauseReplay);
		}
	}

	/**
	 * Resume replay on every follower.
	 */
	public void resumeReplay() {
		synchronized (this.changes) {
			requireFollowers().forEach(HerokuLikePostgres::resumeReplay);
		}
	}

	private Collection<HerokuLikePostgres> requireFollowers() {
		Map<String, HerokuLikePostgres> followers = this.followers;
		if (followers.isEmpty()) {
			throw new IllegalStateException(
					"No followers: annotate the test class with @HerokuPostgres(followers = 1)");
		}
		return followers.values();
	}

	/**
	 * Return how long the server took to start, with its certificates, user and
	 * database.
	 * @return the start time
	 */
	public Duration startTime() {
		return this.startTime;
	}

	/**
	 * Return the server, for tests that need its superuser.
	 * @return the server
	 */
	public HerokuLikePostgres server() {
		return this.server;
	}

	/**
	 * Add what a test class asks for and the database does not have yet.
	 * @param settings what the class asks for
	 */
	void provide(HerokuPostgresSettings settings) {
		String unavailable = settings.unavailableReason();
		if (unavailable != null) {
			throw new IllegalStateException(unavailable);
		}
		synchronized (this.changes) {
			if (settings.pooler() && this.pooler == null) {
				this.pooler = PgBouncer.start(this.server, this.role);
			}
			Map<String, HerokuLikePostgres> followers = new LinkedHashMap<>(this.followers);
			for (String variable : settings.followerVariables()) {
				followers.computeIfAbsent(variable, (added) -> this.server.startReplica());
			}
			this.followers = Collections.unmodifiableMap(followers);
		}
	}

	private void close() {
		synchronized (this.changes) {
			PgBouncer pooler = this.pooler;
			if (pooler != null) {
				pooler.close();
			}
			this.followers.values().forEach(HerokuLikePostgres::close);
			this.server.close();
		}
	}

	@Override
	public String toString() {
		return "HerokuPostgresDatabase[port=" + this.server.port() + ", database=" + this.database + "]";
	}

}
