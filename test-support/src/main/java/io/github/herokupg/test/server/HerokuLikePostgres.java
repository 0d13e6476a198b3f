package io.github.herokupg.test.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server configured the way Heroku Postgres is: TLS on with a
 * certificate generated at start, a {@code pg_hba.conf} that accepts only
 * {@code hostssl} connections with {@code scram-sha-256} passwords (plain TCP is
 * rejected), and non-superuser application roles. A server without TLS can be started
 * too, to show that it is refused.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class HerokuLikePostgres implements AutoCloseable {

	private static final String ADMIN_PASSWORD = "admin-" + Long.toHexString(System.nanoTime());

	private static final Path PG_BASEBACKUP = Path.of("/usr/bin/pg_basebackup");

	/** Why a test that needs a streaming replica is skipped, and what to do about it. */
	public static final String NO_PG_BASEBACKUP = "pg_basebackup is not installed; install it with: "
			+ "apt-get install -y postgresql-client";

	private volatile EmbeddedPostgres postgres;

	private final Path directory;

	private final TestCertificates certificates;

	private final Path replicaData;

	private volatile Path movableData;

	private final AtomicBoolean closed = new AtomicBoolean();

	private HerokuLikePostgres(EmbeddedPostgres postgres, Path directory, TestCertificates certificates,
			Path replicaData) {
		this.postgres = postgres;
		this.directory = directory;
		this.certificates = certificates;
		this.replicaData = replicaData;
		// every server stops at exit, once the application contexts that use it have closed
		StopAtExit.register(this::close, "heroku-like-postgres-stop");
	}

	/**
	 * Start a server like {@link #start()} whose data outlives a stop, so that it can be
	 * restarted on its port or brought up on another one, as Heroku does after
	 * maintenance or on new hardware.
	 * @return the running server
	 */
	public static HerokuLikePostgres startMovable() {
		return start(true, false, true);
	}

	/**
	 * Stop a movable server; its data stays.
	 */
	public void stop() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Start a stopped movable server on a port: its own to restart, another to move.
	 * @param port the port
	 */
	public void startOn(int port) {
		try {
			this.postgres = builder(true, this.directory.resolve("pg_hba.conf"), this.certificates)
				.setDataDirectory(this.movableData)
				.setCleanDataDirectory(false)
				.setPort(port)
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Stop a movable server and start it again on the same port, as after maintenance.
	 */
	public void restart() {
		int port = port();
		stop();
		startOn(port);
	}

	/**
	 * Point a replica at its leader's new port, as after the leader moved, and reload
	 * its configuration: replay resumes from the new address without a restart.
	 * @param leader the leader, already on its new port
	 */
	public void followLeader(HerokuLikePostgres leader) {
		execute("ALTER SYSTEM SET primary_conninfo = " + literal("host=localhost port=" + leader.port()
				+ " user=postgres password=" + ADMIN_PASSWORD + " sslmode=require"));
		execute("SELECT pg_reload_conf()");
	}

	/**
	 * Pause replay on a replica: it keeps receiving the leader's changes but applies
	 * none of them, so its lag grows until {@link #resumeReplay()}.
	 */
	public void pauseReplay() {
		execute("SELECT pg_wal_replay_pause()");
	}

	/**
	 * Resume replay on a paused replica.
	 */
	public void resumeReplay() {
		execute("SELECT pg_wal_replay_resume()");
	}

	/**
	 * Return a port nothing listens on now.
	 * @return the port
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Start a server that accepts only TLS connections with passwords.
	 * @return the running server
	 */
	public static HerokuLikePostgres start() {
		return start(true);
	}

	/**
	 * Start a server that offers no TLS at all (passwords still required).
	 * @return the running server
	 */
	public static HerokuLikePostgres startWithoutTls() {
		return start(false);
	}

	/**
	 * Start a server configured like a Private or Shield database reached from outside
	 * Heroku: TLS with a client certificate issued by its CA ({@code clientcert=verify-ca})
	 * on top of the password.
	 * @return the running server
	 */
	public static HerokuLikePostgres startRequiringClientCertificates() {
		return start(true, true);
	}

	private static HerokuLikePostgres start(boolean tls) {
		return start(tls, false);
	}

	private static HerokuLikePostgres start(boolean tls, boolean clientCertificates) {
		return start(tls, clientCertificates, false);
	}

	private static HerokuLikePostgres start(boolean tls, boolean clientCertificates, boolean movable) {
		try {
			Path directory = Files.createTempDirectory("heroku-like-postgres");
			TestCertificates certificates = TestCertificates.generate(directory);
			Path passwordFile = Files.writeString(directory.resolve("admin-password"), ADMIN_PASSWORD);
			String rules = hba(tls);
			if (clientCertificates) {
				// the administrator keeps connecting with a password only, from the local socket's address
				rules = "hostssl all postgres 127.0.0.1/32 scram-sha-256\nhostssl all postgres ::1/128 scram-sha-256\n"
						+ rules.replace("scram-sha-256\n", "scram-sha-256 clientcert=verify-ca\n");
			}
			Path hba = Files.writeString(directory.resolve("pg_hba.conf"), rules);
			EmbeddedPostgres.Builder builder = builder(tls, hba, certificates)
				.setLocaleConfig("pwfile", passwordFile.toString());
			if (clientCertificates) {
				builder.setServerConfig("ssl_ca_file", certificates.caCertificate().toString());
			}
			// a movable server keeps its data where a stop does not delete it
			Path data = directory.resolve("data");
			if (movable) {
				builder.setDataDirectory(data).setCleanDataDirectory(false);
			}
			HerokuLikePostgres server = new HerokuLikePostgres(builder.start(), directory, certificates, null);
			server.movableData = movable ? data : null;
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static EmbeddedPostgres.Builder builder(boolean tls, Path hba, TestCertificates certificates) {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			// its own hook would stop the server while contexts still close: StopAtExit does it
			.setRegisterShutdownHook(false)
			.setServerConfig("hba_file", hba.toString())
			.setServerConfig("password_encryption", "scram-sha-256")
			.setServerConfig("max_connections", "300")
			.setServerConfig("wal_level", "replica")
			.setServerConfig("hot_standby", "on")
			.setConnectConfig("password", ADMIN_PASSWORD)
			.setConnectConfig("sslmode", tls ? "require" : "disable");
		if (tls) {
			builder.setServerConfig("ssl", "on")
				.setServerConfig("ssl_cert_file", certificates.serverCertificate().toString())
				.setServerConfig("ssl_key_file", certificates.serverKey().toString());
		}
		return builder;
	}

	/**
	 * Whether {@link #startReplica()} can work: it needs {@code pg_basebackup}.
	 * @return whether streaming replicas can be made
	 */
	public static boolean canStartReplicas() {
		return Files.isExecutable(PG_BASEBACKUP);
	}

	/**
	 * Start a streaming replica of this server (hot standby, {@code pg_basebackup -R}),
	 * configured the same way: it knows the same roles and passwords.
	 * @return the running replica
	 */
	public HerokuLikePostgres startReplica() {
		try {
			Path data = Files.createTempDirectory("heroku-like-replica");
			Files.delete(data);
			ProcessBuilder basebackup = new ProcessBuilder(PG_BASEBACKUP.toString(), "-h", "localhost", "-p",
					String.valueOf(port()), "-U", "postgres", "-D", data.toString(), "-R", "-X", "stream",
					"--checkpoint=fast")
				.redirectErrorStream(true);
			basebackup.environment().put("PGPASSWORD", ADMIN_PASSWORD);
			basebackup.environment().put("PGSSLMODE", "require");
			Process process = basebackup.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new IllegalStateException("pg_basebackup failed: " + output);
			}
			return new HerokuLikePostgres(replicaBuilder(data, freePort()).start(), this.directory, this.certificates,
					data);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private EmbeddedPostgres.Builder replicaBuilder(Path data, int port) {
		return builder(true, this.directory.resolve("pg_hba.conf"), this.certificates).setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setPort(port);
	}

	/**
	 * Stop a replica, as when a follower goes down; {@link #restartReplica()} brings it
	 * back on the same port with the same data.
	 */
	public void stopReplica() {
		stop();
	}

	/**
	 * Start a stopped replica again.
	 */
	public void restartReplica() {
		try {
			this.postgres = replicaBuilder(this.replicaData, port()).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String hba(boolean tls) {
		String connection = tls ? "hostssl" : "host";
		String hba = connection + " all all 127.0.0.1/32 scram-sha-256\n" + connection
				+ " all all ::1/128 scram-sha-256\n" + connection + " replication all 127.0.0.1/32 scram-sha-256\n"
				+ connection + " replication all ::1/128 scram-sha-256\n";
		return tls ? hba + "hostnossl all all 0.0.0.0/0 reject\nhostnossl all all ::/0 reject\n" : hba;
	}

	/**
	 * Return the TCP port the server listens on ({@code localhost}).
	 * @return the port
	 */
	public int port() {
		return this.postgres.getPort();
	}

	/**
	 * Return the PEM file of the CA that signed the server certificate.
	 * @return the CA certificate
	 */
	public Path caCertificate() {
		return this.certificates.caCertificate();
	}

	/**
	 * Return the certificates of this server, to issue client certificates from its CA.
	 * @return the certificates
	 */
	public TestCertificates certificates() {
		return this.certificates;
	}

	/**
	 * Create a login role without superuser rights that may create tables. Only the
	 * password's SCRAM verifier is sent to the server.
	 * @param role the role name
	 * @param password its password
	 */
	public void createRole(String role, String password) {
		execute("CREATE ROLE " + identifier(role) + " LOGIN PASSWORD " + literal(ScramVerifier.of(password)));
		execute("GRANT ALL ON SCHEMA public TO " + identifier(role));
	}

	/**
	 * Create a database owned by a role, as Heroku gives each add-on its own.
	 * @param name the database name
	 * @param owner the owning role
	 */
	public void createDatabase(String name, String owner) {
		execute("CREATE DATABASE " + identifier(name) + " OWNER " + identifier(owner));
	}

	/**
	 * Create a login role and return it with its password.
	 * @param role the role name
	 * @param password its password
	 * @return the role
	 */
	public TestRole newRole(String role, String password) {
		createRole(role, password);
		return new TestRole(this, role, password);
	}

	/**
	 * Change the password of a role, as {@code heroku pg:credentials:rotate} does.
	 * @param role the role name
	 * @param password the new password
	 */
	public void changePassword(String role, String password) {
		execute("ALTER ROLE " + identifier(role) + " PASSWORD " + literal(ScramVerifier.of(password)));
	}

	/**
	 * Terminate every backend of a role.
	 * @param role the role name
	 * @return how many backends were terminated
	 */
	public int terminateBackends(String role) {
		// with a timeout the call returns once each backend has exited, so that nothing the
		// caller does next can still reach a session that is about to end
		return queryForInt("SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity WHERE usename = "
				+ literal(role));
	}

	/**
	 * Count the backends of a role that started before an instant: the sessions that
	 * were open then and still are, as the server sees them.
	 * @param role the role name
	 * @param instant the instant
	 * @return how many backends of the role started before it
	 */
	public int backendsStartedBefore(String role, Instant instant) {
		return queryForInt("SELECT count(*) FROM pg_stat_activity WHERE usename = " + literal(role)
				+ " AND backend_start < to_timestamp(" + instant.toEpochMilli() + " / 1000.0)");
	}

	/**
	 * Return a Heroku-style URL for a role on this server, user and password
	 * percent-encoded.
	 * @param user the role
	 * @param password its password
	 * @return the URL
	 */
	public String databaseUrl(String user, String password) {
		return databaseUrl(user, password, "postgres");
	}

	/**
	 * Return a Heroku-style URL for a role and a database on this server.
	 * @param user the role
	 * @param password its password
	 * @param database the database
	 * @return the URL
	 */
	public String databaseUrl(String user, String password, String database) {
		return "postgres://" + encode(user) + ":" + encode(password) + "@localhost:" + port() + "/" + encode(database);
	}

	/**
	 * Run a statement as the superuser.
	 * @param sql the statement
	 */
	public void execute(String sql) {
		try (Connection connection = adminDataSource().getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run " + sql.replaceAll("PASSWORD '.*'", "PASSWORD ***"), ex);
		}
	}

	/**
	 * Run a query returning one integer, as the superuser.
	 * @param sql the query
	 * @return the integer
	 */
	public int queryForInt(String sql) {
		try (Connection connection = adminDataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getInt(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run " + sql, ex);
		}
	}

	/**
	 * Return a data source for the superuser (over TLS when the server has it).
	 * @return the data source
	 */
	public DataSource adminDataSource() {
		return this.postgres.getPostgresDatabase();
	}

	@Override
	public void close() {
		if (this.closed.getAndSet(true)) {
			return;
		}
		try {
			this.postgres.close();
			Path owned = (this.replicaData != null) ? this.replicaData : this.directory;
			try (var files = Files.walk(owned)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String identifier(String name) {
		return "\"" + name.replace("\"", "\"\"") + "\"";
	}

	private static String literal(String value) {
		return "'" + value.replace("'", "''") + "'";
	}

}
