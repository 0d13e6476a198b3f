package io.github.herokupg.autoconfigure;

import java.util.Objects;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.credentials.BackgroundTasks;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.credentials.source.ConnectionStringNotSetException;
import io.github.herokupg.jdbc.PostgresConnector;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Further attached databases ({@code heroku addons:attach ... --as ANALYTICS}), each a
 * {@code <name>DataSource} bean: a pool with the same TLS policy, rotation, health and
 * metrics as the primary one, that is no default candidate, so JPA, Flyway and every
 * other single-{@code DataSource} user keep the primary {@code dataSource}. The names
 * come from configuration ({@code heroku.postgres.databases.<name>}), never from a
 * secret, so Spring AOT can register the beans at build time.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class AttachedDatabases {

	private final DatabaseEndpoints endpoints;

	private final PostgresConnector connector;

	private final HerokuPostgresProperties properties;

	private final Binder binder;

	private final BackgroundTasks tasks;

	AttachedDatabases(DatabaseEndpoints endpoints, PostgresConnector connector, HerokuPostgresProperties properties,
			Environment environment, BackgroundTasks tasks) {
		this.tasks = tasks;
		this.endpoints = endpoints;
		this.connector = connector;
		this.properties = properties;
		this.binder = Binder.get(environment);
	}

	/**
	 * Create the pool of an attached database (the factory method of its bean).
	 * @param name the attachment's name
	 * @param databases the attached databases
	 * @return the pool
	 */
	public static HikariDataSource dataSource(String name, AttachedDatabases databases) {
		return databases.create(name);
	}

	private HikariDataSource create(String name) {
		DatabaseCredentials credentials = this.endpoints.get(name);
		if (credentials == null) {
			throw new ConnectionStringNotSetException(variable(name));
		}
		// the attachment's pool takes its own driver properties, not the primary's
		PostgresConnector connector = this.connector
			.withExtraProperties(DriverPropertiesCheck.bind(this.binder, DriverPropertiesCheck.attachment(name)));
		HikariDataSource pool = HerokuPostgresAutoConfiguration.pool(credentials, connector, this.properties,
				this.tasks, true);
		pool.setPoolName("heroku-" + name);
		this.binder.bind("heroku.postgres.databases." + name + ".hikari", Bindable.ofInstance(pool));
		return pool;
	}

	private String variable(String name) {
		// the beans are registered for the configured attachments only
		return Objects.requireNonNull(this.properties.determineAttachmentVariables().get(name));
	}

	static String beanName(String name) {
		return PoolBeans.camelCase(name) + "DataSource";
	}

	/**
	 * Registers a {@code <name>DataSource} bean for each configured attachment.
	 */
	static class Registrar extends PoolBeans.Registrar {

		Registrar() {
			super(AttachedDatabases.class, "herokuPostgresAttachedDatabases");
		}

		@Override
		Iterable<String> names(HerokuPostgresProperties properties) {
			return properties.getDatabases().keySet();
		}

		@Override
		String beanName(String name) {
			return AttachedDatabases.beanName(name);
		}

	}

}
