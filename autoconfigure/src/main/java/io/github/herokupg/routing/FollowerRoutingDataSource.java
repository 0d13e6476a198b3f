package io.github.herokupg.routing;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * The application's {@code dataSource} with followers. While a transaction manager that
 * tells the starter of its transactions ({@link ReadOnlyTransactionListener}) begins a
 * transaction, the connection it asks for comes straight from a follower (read-only) or
 * the leader's pool, with nothing around it. Every other connection is a
 * {@link LazyConnectionDataSourceProxy}'s: it is taken when the first statement runs,
 * from a follower if {@code setReadOnly(true)} was called before, else from the leader.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class FollowerRoutingDataSource extends LazyConnectionDataSourceProxy {

	private final DataSource leader;

	private final DataSource followers;

	/**
	 * Where the next connection of this thread comes from while a transaction begins;
	 * cleared with {@code set(null)}, which keeps the thread's entry and so allocates
	 * nothing on the next transaction.
	 */
	private final ThreadLocal<@Nullable DataSource> beginning = new ThreadLocal<>();

	FollowerRoutingDataSource(DataSource leader, DataSource followers) {
		super(leader);
		setReadOnlyDataSource(followers);
		this.leader = leader;
		this.followers = followers;
	}

	/**
	 * Send the connection this thread asks for next to a follower or the leader.
	 * @param readOnly whether the transaction that begins is read-only
	 */
	void transactionBeginning(boolean readOnly) {
		this.beginning.set(readOnly ? this.followers : this.leader);
	}

	/**
	 * Forget where the transaction that began on this thread was sent, whether or not it
	 * asked for a connection.
	 */
	void transactionBegun() {
		this.beginning.set(null);
	}

	@Override
	public Connection getConnection() throws SQLException {
		DataSource target = this.beginning.get();
		if (target == null) {
			return super.getConnection();
		}
		this.beginning.set(null);
		return target.getConnection();
	}

}
