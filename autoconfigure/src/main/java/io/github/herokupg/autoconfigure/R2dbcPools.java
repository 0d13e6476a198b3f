package io.github.herokupg.autoconfigure;

import java.time.Duration;

import io.github.herokupg.r2dbc.CredentialAwareConnectionFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import org.jspecify.annotations.Nullable;
import reactor.pool.PooledRefMetadata;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;

/**
 * Builds the r2dbc-pool {@link ConnectionPool} of the application's endpoint from
 * {@code spring.r2dbc.pool.*}, property for property as Spring Boot builds its own, with
 * one addition: a connection opened with credentials older than the current ones is
 * evicted when it is next acquired or released, so the pool moves to new credentials
 * without draining, and in-use connections finish their work.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class R2dbcPools {

	private R2dbcPools() {
	}

	static ConnectionPool create(CredentialAwareConnectionFactory connections, R2dbcProperties.Pool properties,
			String name) {
		return create(connections, properties, name, null);
	}

	/**
	 * Build a pool.
	 * @param defaultMaxAcquireTime how long an acquire waits when
	 * {@code spring.r2dbc.pool.max-acquire-time} is not set, {@code null} for no limit
	 */
	static ConnectionPool create(CredentialAwareConnectionFactory connections, R2dbcProperties.Pool properties,
			String name, @Nullable Duration defaultMaxAcquireTime) {
		connections.trackOpenConnections();
		ConnectionPoolConfiguration.Builder builder = ConnectionPoolConfiguration.builder(connections).name(name);
		PropertyMapper map = PropertyMapper.get();
		map.from(properties.getMaxIdleTime()).to(builder::maxIdleTime);
		map.from(properties.getMaxLifeTime()).to(builder::maxLifeTime);
		Duration maxAcquireTime = properties.getMaxAcquireTime();
		map.from((maxAcquireTime != null) ? maxAcquireTime : defaultMaxAcquireTime).to(builder::maxAcquireTime);
		map.from(properties.getAcquireRetry()).to(builder::acquireRetry);
		map.from(properties.getMaxCreateConnectionTime()).to(builder::maxCreateConnectionTime);
		map.from(properties.getMaxValidationTime()).to(builder::maxValidationTime);
		map.from(properties.getInitialSize()).to(builder::initialSize);
		map.from(properties.getMaxSize()).to(builder::maxSize);
		map.from(properties.getMinIdle()).to(builder::minIdle);
		map.from(properties.getValidationQuery()).whenHasText().to(builder::validationQuery);
		map.from(properties.getValidationDepth()).to(builder::validationDepth);
		Duration maxIdleTime = orNever(properties.getMaxIdleTime());
		Duration maxLifeTime = orNever(properties.getMaxLifeTime());
		builder.customizer((pool) -> pool
			.evictionPredicate((connection, metadata) -> expired(metadata, maxIdleTime, maxLifeTime)
					|| connections.isOlderThanCurrent(connection))
			.destroyHandler((connection) -> {
				connections.closed(connection);
				return connection.close();
			}));
		return new ConnectionPool(builder.build());
	}

	/** Unset is r2dbc-pool's "no limit". */
	private static Duration orNever(@Nullable Duration limit) {
		return (limit != null) ? limit : Duration.ofMillis(-1);
	}

	/**
	 * The pool's own eviction rule, which a custom predicate replaces: idle or alive
	 * longer than allowed (a zero limit evicts at once, a negative one never).
	 */
	private static boolean expired(PooledRefMetadata metadata, Duration maxIdleTime, Duration maxLifeTime) {
		if (maxIdleTime.isZero() || maxLifeTime.isZero()) {
			return true;
		}
		return (!maxIdleTime.isNegative() && metadata.idleTime() >= maxIdleTime.toMillis())
				|| (!maxLifeTime.isNegative() && metadata.lifeTime() >= maxLifeTime.toMillis());
	}

}
