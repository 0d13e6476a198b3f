package io.github.herokupg.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile database host: it accepts TCP connections, answers PostgreSQL's SSL request
 * with {@code S} (so the client starts its TLS handshake) and then never says another
 * word, reading and dropping whatever arrives until it is closed.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class StallingServer implements AutoCloseable {

	private final ServerSocket socket;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private StallingServer(ServerSocket socket) {
		this.socket = socket;
		this.threads.execute(this::accept);
	}

	/**
	 * Start on a free port of the loopback interface.
	 * @return the server
	 */
	public static StallingServer start() {
		try {
			return new StallingServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return a connection string for this server.
	 * @return the connection string
	 */
	public String databaseUrl() {
		return "postgres://someone:secret-password@127.0.0.1:" + this.socket.getLocalPort() + "/db";
	}

	/**
	 * Return how many connections were accepted.
	 * @return the count
	 */
	public int connections() {
		return this.connections.get();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				Socket client = this.socket.accept();
				this.accepted.add(client);
				this.connections.incrementAndGet();
				this.threads.execute(() -> stall(client));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void stall(Socket client) {
		try (client; InputStream in = client.getInputStream()) {
			// the 8-byte SSLRequest, then 'S': the client goes on to its TLS handshake
			in.readNBytes(8);
			client.getOutputStream().write('S');
			client.getOutputStream().flush();
			byte[] sink = new byte[4096];
			while (in.read(sink) >= 0) {
				// never answer
			}
		}
		catch (IOException ex) {
			// closed
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
			for (Socket client : this.accepted) {
				client.close();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			this.threads.shutdownNow();
		}
	}

}
