package io.github.herokupg.r2dbc;

import java.util.ArrayList;
import java.util.List;

import io.r2dbc.spi.Connection;

/**
 * The generation each open connection of a {@link CredentialAwareConnectionFactory} was
 * opened with. The check a pool makes on every acquire and release costs one volatile
 * read while no open connection is older than the current generation; only during a
 * change does it look the connection up, by reference in a list as short as the pool,
 * never by hash code, which would give the driver's connections an identity hash.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class OpenConnections {

	private final List<Opened> opened = new ArrayList<>();

	private volatile long oldest = Long.MAX_VALUE;

	synchronized void opened(Connection connection, long generation) {
		this.opened.add(new Opened(connection, generation));
		this.oldest = Math.min(this.oldest, generation);
	}

	synchronized void closed(Connection connection) {
		this.opened.removeIf((candidate) -> candidate.connection == connection);
		this.oldest = this.opened.stream().mapToLong(Opened::generation).min().orElse(Long.MAX_VALUE);
	}

	boolean isOlderThan(Connection connection, long generation) {
		if (this.oldest >= generation) {
			return false;
		}
		synchronized (this) {
			for (Opened candidate : this.opened) {
				if (candidate.connection == connection) {
					return candidate.generation < generation;
				}
			}
		}
		return false;
	}

	synchronized int count() {
		return this.opened.size();
	}

	synchronized int olderThan(long generation) {
		return (int) this.opened.stream().filter((candidate) -> candidate.generation < generation).count();
	}

	private record Opened(Connection connection, long generation) {
	}

}
