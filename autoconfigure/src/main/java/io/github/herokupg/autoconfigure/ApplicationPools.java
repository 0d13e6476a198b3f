package io.github.herokupg.autoconfigure;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.credentials.PooledConnections;
import io.github.herokupg.r2dbc.FollowerRoutingConnectionFactory;
import io.r2dbc.pool.ConnectionPool;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * The application's pools whose connections the starter opens, by bean name: every
 * Hikari pool (also behind a wrapper that unwraps to it) and every r2dbc-pool around a
 * credential-aware source (the leader's and the followers' behind a routing factory,
 * each follower's named as its JDBC pool is, with {@code ConnectionFactory} for
 * {@code DataSource}), each looked at only when its library is on the class path.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class ApplicationPools implements Supplier<Map<String, PooledConnections>> {

	private static final boolean HIKARI = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			ApplicationPools.class.getClassLoader());

	private static final boolean R2DBC_POOL = ClassUtils.isPresent("io.r2dbc.pool.ConnectionPool",
			ApplicationPools.class.getClassLoader());

	private final ListableBeanFactory beans;

	ApplicationPools(ListableBeanFactory beans) {
		this.beans = beans;
	}

	@Override
	public Map<String, PooledConnections> get() {
		Map<String, PooledConnections> pools = new LinkedHashMap<>();
		if (HIKARI) {
			HikariPools.collect(this.beans, pools);
		}
		if (R2DBC_POOL) {
			R2dbcConnectionPools.collect(this.beans, pools);
		}
		return pools;
	}

	private static final class HikariPools {

		static void collect(ListableBeanFactory beans, Map<String, PooledConnections> pools) {
			beans.getBeansOfType(DataSource.class, false, false).forEach((name, dataSource) -> {
				HikariDataSource pool = unwrap(dataSource);
				if (pool != null && pool.getDataSource() instanceof PooledConnections connections) {
					pools.put(name, connections);
				}
			});
		}

		/**
		 * The pool itself, or behind a wrapper such as a JDBC observation library's proxy
		 * that unwraps to it.
		 */
		private static @Nullable HikariDataSource unwrap(DataSource dataSource) {
			if (dataSource instanceof HikariDataSource pool) {
				return pool;
			}
			try {
				return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class)
						: null;
			}
			catch (SQLException ex) {
				return null;
			}
		}

	}

	private static final class R2dbcConnectionPools {

		static void collect(ListableBeanFactory beans, Map<String, PooledConnections> pools) {
			beans.getBeansOfType(ConnectionPool.class, false, false).forEach((name, pool) -> add(name, pool, pools));
			beans.getBeansOfType(FollowerRoutingConnectionFactory.class, false, false).forEach((name, routing) -> {
				add(name, routing.unwrap(), pools);
				routing.followerPools()
					.forEach((variable, pool) -> add(FollowerPools.beanName(variable, "FollowerConnectionFactory"),
							pool, pools));
			});
		}

		private static void add(String name, ConnectionPool pool, Map<String, PooledConnections> pools) {
			if (pool.unwrap() instanceof PooledConnections connections) {
				pools.put(name, connections);
			}
		}

	}

}
