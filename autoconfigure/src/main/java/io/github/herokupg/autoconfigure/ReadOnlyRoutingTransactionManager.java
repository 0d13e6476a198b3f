package io.github.herokupg.autoconfigure;

import io.github.herokupg.r2dbc.FollowerRoutingConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

/**
 * An {@link R2dbcTransactionManager} that sends read-only transactions
 * ({@code @Transactional(readOnly = true)}, a read-only {@code TransactionalOperator}) to
 * a follower: it marks the work of such a transaction before the transaction takes its
 * connection, which the starter's {@link FollowerRoutingConnectionFactory} then takes
 * from a follower. Spring Boot's own transaction manager backs off for it; an
 * application that declares its own {@code ReactiveTransactionManager} can declare this
 * one to keep the routing.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class ReadOnlyRoutingTransactionManager extends R2dbcTransactionManager {

	/**
	 * Create a transaction manager.
	 * @param connectionFactory the application's connection factory
	 */
	public ReadOnlyRoutingTransactionManager(ConnectionFactory connectionFactory) {
		super(connectionFactory);
	}

	@Override
	protected Mono<Void> doBegin(TransactionSynchronizationManager synchronizationManager, Object transaction,
			TransactionDefinition definition) {
		Mono<Void> begin = super.doBegin(synchronizationManager, transaction, definition);
		return definition.isReadOnly() ? begin.contextWrite(FollowerRoutingConnectionFactory::readOnly) : begin;
	}

}
