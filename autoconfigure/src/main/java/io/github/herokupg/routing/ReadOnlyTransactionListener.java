package io.github.herokupg.routing;

import org.jspecify.annotations.Nullable;

import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Tells the routed {@code dataSource} whether the transaction that begins is read-only, so
 * that the transaction manager's connection comes from a follower or the leader at once,
 * without a lazy proxy that waits for {@code setReadOnly(true)}. Spring Boot adds this
 * bean to the transaction managers it configures; an application that declares its own
 * {@code JdbcTransactionManager} or {@code JpaTransactionManager} on the {@code dataSource}
 * can add it with {@code addListener}. Without it, routing still works through the lazy
 * proxy.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class ReadOnlyTransactionListener implements TransactionExecutionListener {

	private final FollowerRoutingDataSource dataSource;

	ReadOnlyTransactionListener(FollowerRoutingDataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void beforeBegin(TransactionExecution transaction) {
		this.dataSource.transactionBeginning(transaction.isReadOnly());
	}

	@Override
	public void afterBegin(TransactionExecution transaction, @Nullable Throwable beginFailure) {
		this.dataSource.transactionBegun();
	}

}
