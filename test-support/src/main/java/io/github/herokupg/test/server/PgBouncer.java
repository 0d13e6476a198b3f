package io.github.herokupg.test.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * A real PgBouncer (Debian's {@code pgbouncer} package) in front of a
 * {@link HerokuLikePostgres}, configured as Heroku's connection pooler is: transaction
 * pooling, TLS towards the clients and towards the server, {@code scram-sha-256}
 * passwords. Tests that need it skip themselves when it is not installed.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class PgBouncer implements AutoCloseable {

	/** Why a test is skipped, and what to do about it. */
	public static final String NOT_INSTALLED = "PgBouncer is not installed; install it with: "
			+ "apt-get install -y pgbouncer postgresql-client";

	private static final List<Path> EXECUTABLES = List.of(Path.of("/usr/sbin/pgbouncer"), Path.of("/usr/bin/pgbouncer"));

	private static final Path PSQL = Path.of("/usr/bin/psql");

	private static final String ADMIN = "bouncer_admin";

	private static final AtomicInteger versions = new AtomicInteger();

	private final Path directory;

	private final Process process;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final int port;

	private final Map<String, String> passwords = new ConcurrentHashMap<>();

	private final TestCertificates certificates;

	private PgBouncer(Path directory, TestCertificates certificates, Process process, int port) {
		this.certificates = certificates;
		this.directory = directory;
		this.process = process;
		this.port = port;
		StopAtExit.register(this::close, "pgbouncer-stop");
	}

	/**
	 * Whether the {@code pgbouncer} executable is installed.
	 * @return whether PgBouncer can be started
	 */
	public static boolean isInstalled() {
		return EXECUTABLES.stream().anyMatch(Files::isExecutable) && Files.isExecutable(PSQL);
	}

	/**
	 * Start PgBouncer in front of a server, for some roles.
	 * @param server the server
	 * @param roles the roles that may log in through it
	 * @return the running PgBouncer
	 */
	public static PgBouncer start(HerokuLikePostgres server, TestRole... roles) {
		try {
			Path directory = Files.createTempDirectory("pgbouncer");
			TestCertificates certificates = TestCertificates.generate(directory);
			int port = HerokuLikePostgres.freePort();
			Path config = Files.writeString(directory.resolve("pgbouncer.ini"), config(directory, certificates, server,
					port));
			Map<String, String> passwords = new LinkedHashMap<>();
			for (TestRole role : roles) {
				passwords.put(role.name(), role.password());
			}
			String adminPassword = TestRole.randomPassword();
			passwords.put(ADMIN, adminPassword);
			writeUserlist(directory, passwords);
			makeReadable(directory);
			Path executable = EXECUTABLES.stream().filter(Files::isExecutable).findFirst().orElseThrow();
			ProcessBuilder builder = isRoot()
					? new ProcessBuilder(executable.toString(), "-u", "nobody", config.toString())
					: new ProcessBuilder(executable.toString(), config.toString());
			Process process = builder.redirectErrorStream(true)
				.redirectOutput(directory.resolve("pgbouncer.out").toFile())
				.start();
			PgBouncer bouncer = new PgBouncer(directory, certificates, process, port);
			bouncer.passwords.putAll(passwords);
			await().atMost(Duration.ofSeconds(30)).until(() -> bouncer.isListening() || !process.isAlive());
			if (!process.isAlive()) {
				throw new IllegalStateException("PgBouncer did not start: " + bouncer.log());
			}
			return bouncer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String config(Path directory, TestCertificates certificates, HerokuLikePostgres server,
			int port) {
		return """
				[databases]
				* = host=127.0.0.1 port=%d

				[pgbouncer]
				listen_addr = 127.0.0.1
				listen_port = %d
				unix_socket_dir =
				auth_type = scram-sha-256
				auth_file = %s
				pool_mode = transaction
				max_client_conn = 500
				default_pool_size = 20
				ignore_startup_parameters = extra_float_digits
				admin_users = %s
				stats_users = %s
				client_tls_sslmode = require
				client_tls_cert_file = %s
				client_tls_key_file = %s
				server_tls_sslmode = require
				""".formatted(server.port(), port, directory.resolve("userlist.txt"), ADMIN, ADMIN,
				certificates.serverCertificate(), certificates.serverKey());
	}

	private static void writeUserlist(Path directory, Map<String, String> passwords) throws IOException {
		StringBuilder userlist = new StringBuilder();
		passwords.forEach((name, password) -> userlist.append(quote(name)).append(' ').append(quote(password)).append('\n'));
		Path file = directory.resolve("userlist.txt");
		Path written = Files.writeString(directory.resolve("userlist.txt.new"), userlist);
		Files.move(written, file, StandardCopyOption.REPLACE_EXISTING,
				StandardCopyOption.ATOMIC_MOVE);
		// PgBouncer re-reads the auth_file only when its modification time (in seconds) or
		// size changed; a new password of the same length written within the same second
		// would go unnoticed, so every version gets a time of its own
		Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(versions.incrementAndGet())));
		makeReadable(file);
	}

	private static String quote(String value) {
		return "\"" + value.replace("\"", "\"\"") + "\"";
	}

	private static void makeReadable(Path path) throws IOException {
		if (Files.isDirectory(path)) {
			Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
			try (var files = Files.list(path)) {
				for (Path file : files.toList()) {
					Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
				}
			}
		}
		else {
			Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
		}
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private boolean isListening() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Return the port PgBouncer listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return a Heroku-style URL of a role through PgBouncer.
	 * @param role the role
	 * @return the URL
	 */
	public String databaseUrl(TestRole role) {
		return databaseUrl(role, "postgres");
	}

	/**
	 * Return a Heroku-style URL of a role and a database through PgBouncer.
	 * @param role the role
	 * @param database the database
	 * @return the URL
	 */
	public String databaseUrl(TestRole role, String database) {
		return "postgres://" + encode(role.name()) + ":" + encode(role.password()) + "@localhost:" + this.port + "/"
				+ encode(database);
	}

	/**
	 * Give a role a new password, as Heroku does after a rotation, and reload.
	 * @param role the role with its new password
	 */
	public void updatePassword(TestRole role) {
		this.passwords.put(role.name(), role.password());
		try {
			writeUserlist(this.directory, this.passwords);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		admin("RELOAD");
	}

	/**
	 * Send new connections to a server's current port, as after the server moved, and
	 * reload.
	 * @param server the server on its new port
	 */
	public void retarget(HerokuLikePostgres server) {
		try {
			Files.writeString(this.directory.resolve("pgbouncer.ini"),
					config(this.directory, this.certificates, server, this.port));
			makeReadable(this.directory.resolve("pgbouncer.ini"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		admin("RELOAD");
	}

	/**
	 * Return PgBouncer's own statistics of a database ({@code SHOW STATS}).
	 * @param database the database
	 * @return the columns of its row, such as {@code total_xact_count}
	 */
	public Map<String, Long> stats(String database) {
		List<String> lines = admin("SHOW STATS").lines().toList();
		String[] columns = lines.get(0).split("\\|");
		for (String line : lines.subList(1, lines.size())) {
			String[] values = line.split("\\|");
			if (database.equals(values[0])) {
				Map<String, Long> stats = new LinkedHashMap<>();
				for (int i = 1; i < columns.length; i++) {
					stats.put(columns[i], Long.parseLong(values[i]));
				}
				return stats;
			}
		}
		throw new IllegalStateException("PgBouncer has no statistics of database " + database + ": " + lines);
	}

	/**
	 * Run a command on the admin console with {@code psql}: pgjdbc cannot talk to it,
	 * since it sends {@code SET extra_float_digits} on connecting, which the console
	 * refuses.
	 */
	private String admin(String command) {
		try {
			ProcessBuilder builder = new ProcessBuilder(PSQL.toString(), "-X", "-A", "-F", "|", "-P", "footer=off",
					"-v", "ON_ERROR_STOP=1", "-c", command,
					"host=127.0.0.1 port=" + this.port + " dbname=pgbouncer user=" + ADMIN + " sslmode=require");
			builder.environment().put("PGPASSWORD", this.passwords.get(ADMIN));
			Process process = builder.redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new IllegalStateException(command + " failed: " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return what PgBouncer logged.
	 * @return the log
	 */
	public String log() {
		try {
			return Files.readString(this.directory.resolve("pgbouncer.out"));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	@Override
	public void close() {
		if (this.closed.getAndSet(true)) {
			return;
		}
		this.process.destroy();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.process.isAlive());
		try (var files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
