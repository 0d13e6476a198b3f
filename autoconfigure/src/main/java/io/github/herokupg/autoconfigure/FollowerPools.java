package io.github.herokupg.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.credentials.BackgroundTasks;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.jdbc.PostgresConnector;
import io.github.herokupg.routing.FollowerRouting.FollowerPool;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The followers' pools, each a bean of its own ({@code <variable>FollowerDataSource}:
 * {@code HEROKU_POSTGRESQL_PINK_URL} gives {@code herokuPostgresqlPinkFollowerDataSource})
 * with its own {@code hikaricp.*} metrics, its own pool name
 * ({@code heroku-follower-<variable>}) and the followers' settings
 * ({@code heroku.postgres.replica.hikari.*}, driver properties included). A configured
 * variable that is not set gives no pool. The beans are registered for the configured
 * variables, never depending on a secret, so Spring AOT registers the same.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class FollowerPools {

	/** Read-only work must not wait long for a follower that went away: it falls back. */
	static final long CONNECTION_TIMEOUT_MILLIS = 2000;

	private final DatabaseEndpoints endpoints;

	private final PostgresConnector connector;

	private final HerokuPostgresProperties properties;

	private final Binder binder;

	private final BackgroundTasks tasks;

	FollowerPools(DatabaseEndpoints endpoints, PostgresConnector connector, HerokuPostgresProperties properties,
			Environment environment, BackgroundTasks tasks) {
		this.endpoints = endpoints;
		this.properties = properties;
		this.binder = Binder.get(environment);
		this.tasks = tasks;
		// the followers' pools take their own driver properties, not the leader's
		this.connector = connector
			.withExtraProperties(DriverPropertiesCheck.bind(this.binder, DriverPropertiesCheck.FOLLOWERS));
	}

	/**
	 * Create the pool of a follower (the factory method of its bean).
	 * @param variable the follower's config var
	 * @param pools the follower pools
	 * @return the pool, or {@code null} when the variable is not set
	 */
	public static @Nullable HikariDataSource dataSource(String variable, FollowerPools pools) {
		return pools.create(variable);
	}

	private @Nullable HikariDataSource create(String variable) {
		DatabaseCredentials credentials = this.endpoints.followers().get(variable);
		if (credentials == null) {
			return null;
		}
		HikariDataSource pool = HerokuPostgresAutoConfiguration.pool(credentials, this.connector, this.properties,
				this.tasks, false);
		pool.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
		this.binder.bind("heroku.postgres.replica.hikari", Bindable.ofInstance(pool));
		String configured = pool.getPoolName();
		// one configured name for all followers: each pool still gets a name of its own
		pool.setPoolName(((configured != null) ? configured : "heroku-follower") + "-" + variable);
		return pool;
	}

	/**
	 * Return the followers' pools in the configured order, the ones whose variable is set.
	 * @param beanFactory the bean factory that holds them
	 * @return the pools
	 */
	List<FollowerPool> pools(BeanFactory beanFactory) {
		List<FollowerPool> pools = new ArrayList<>();
		for (String variable : this.properties.getReplica().getUrlVariables()) {
			DatabaseCredentials credentials = this.endpoints.followers().get(variable);
			if (credentials != null && beanFactory.getBean(beanName(variable)) instanceof HikariDataSource pool) {
				pools.add(new FollowerPool(variable, credentials, pool));
			}
		}
		return pools;
	}

	static String beanName(String variable) {
		return beanName(variable, "FollowerDataSource");
	}

	/**
	 * Name a follower's pool after its variable: {@code HEROKU_POSTGRESQL_PINK_URL} with
	 * {@code FollowerDataSource} gives {@code herokuPostgresqlPinkFollowerDataSource}.
	 * @param variable the follower's config var
	 * @param suffix what kind of pool it is
	 * @return the name
	 */
	static String beanName(String variable, String suffix) {
		String name = variable.toLowerCase(Locale.ROOT);
		if (name.endsWith("_url")) {
			name = name.substring(0, name.length() - "_url".length());
		}
		return PoolBeans.camelCase(name) + suffix;
	}

	/**
	 * Registers a pool bean for each configured follower variable.
	 */
	static class Registrar extends PoolBeans.Registrar {

		Registrar() {
			super(FollowerPools.class, "herokuPostgresFollowerPools");
		}

		@Override
		Iterable<String> names(HerokuPostgresProperties properties) {
			return properties.getReplica().getUrlVariables();
		}

		@Override
		String beanName(String name) {
			return FollowerPools.beanName(name);
		}

	}

}
