package io.github.herokupg.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.github.herokupg.test.server.HerokuLikePostgres;
import io.github.herokupg.test.server.TestRole;

import static org.awaitility.Awaitility.await;

/**
 * Moves a database the way Heroku does after a hardware failure, or restarts it the way
 * maintenance does, while one client keeps writing through the application's pool, and
 * times how long after the new URL is visible (or the server accepts connections again)
 * the first write succeeds. Every acknowledged write is numbered, so that a lost one
 * shows.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class HostMoveDrill implements AutoCloseable {

	private final HerokuLikePostgres server;

	private final TestRole role;

	private final Consumer<String> publish;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong acknowledged = new AtomicLong();

	private final AtomicLong lastSuccess = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final Thread writer;

	/**
	 * Start writing.
	 * @param server a server from {@link HerokuLikePostgres#startMovable()}
	 * @param role the application's role, owner of the table {@code writes}
	 * @param dataSource the application's pool
	 * @param publish makes a URL visible in the application's source
	 */
	public HostMoveDrill(HerokuLikePostgres server, TestRole role, DataSource dataSource, Consumer<String> publish) {
		this.server = server;
		this.role = role;
		this.publish = publish;
		server.execute("CREATE TABLE IF NOT EXISTS writes (n bigint PRIMARY KEY)");
		server.execute("GRANT ALL ON writes TO " + role.name());
		this.writer = new Thread(() -> write(dataSource), "host-move-writer");
		this.writer.setDaemon(true);
		this.writer.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.acknowledged.get() > 0);
	}

	private void write(DataSource dataSource) {
		while (this.running.get()) {
			long next = this.acknowledged.get() + 1;
			try (Connection connection = dataSource.getConnection();
					PreparedStatement insert = connection.prepareStatement("INSERT INTO writes VALUES (?)")) {
				insert.setLong(1, next);
				insert.executeUpdate();
				this.acknowledged.set(next);
				this.lastSuccess.set(System.nanoTime());
			}
			catch (SQLException ex) {
				if ("23505".equals(ex.getSQLState())) {
					// committed, but the acknowledgement was lost with the connection: count it
					this.acknowledged.set(next);
				}
				else {
					this.failures.incrementAndGet();
				}
			}
		}
	}

	/**
	 * Stop the server, bring it up from the same data on another port, publish the new
	 * URL and wait for the first write on the new host.
	 * @param limit the longest wait
	 * @return from the URL's publication to the first write that succeeded after it
	 */
	public Duration move(Duration limit) {
		this.server.stop();
		this.server.startOn(HerokuLikePostgres.freePort());
		long visible = System.nanoTime();
		this.publish.accept(this.role.databaseUrl());
		return firstWriteAfter(visible, limit);
	}

	/**
	 * Stop the server and start it again on its own port (the URL does not change), and
	 * wait for the first write.
	 * @param limit the longest wait
	 * @return from the server accepting connections to the first write that succeeded
	 */
	public Duration restart(Duration limit) {
		int port = this.server.port();
		this.server.stop();
		this.server.startOn(port);
		return firstWriteAfter(System.nanoTime(), limit);
	}

	private Duration firstWriteAfter(long since, Duration limit) {
		await().atMost(limit).pollInterval(Duration.ofMillis(10)).until(() -> this.lastSuccess.get() > since);
		return Duration.ofNanos(this.lastSuccess.get() - since);
	}

	/**
	 * Return how to publish a URL in a file source: replaced atomically, as a mounted
	 * secret is.
	 * @param file the source's file
	 * @return the publisher
	 */
	public static Consumer<String> inFile(Path file) {
		return (url) -> {
			try {
				Path next = Files.writeString(file.resolveSibling(file.getFileName() + ".next"), url);
				Files.move(next, file, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
	}

	/**
	 * Return how many writes were acknowledged.
	 * @return the count
	 */
	public long acknowledged() {
		return this.acknowledged.get();
	}

	/**
	 * Return how many writes failed.
	 * @return the count
	 */
	public long failures() {
		return this.failures.get();
	}

	/**
	 * Return how many acknowledged writes the database holds.
	 * @return the count of rows numbered up to the last acknowledged one
	 */
	public long durable() {
		long last = this.acknowledged.get();
		return this.server.queryForInt("SELECT count(*) FROM writes WHERE n <= " + last);
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		this.writer.join(Duration.ofSeconds(60).toMillis());
	}

}
