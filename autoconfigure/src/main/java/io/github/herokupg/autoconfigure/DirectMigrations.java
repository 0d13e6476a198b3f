package io.github.herokupg.autoconfigure;

import javax.sql.DataSource;

import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.jdbc.CredentialAwareDataSource;
import io.github.herokupg.jdbc.PostgresConnector;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Sends migrations to the direct URL while the application's pool uses the connection
 * pooler: Flyway and Liquibase need a session (advisory locks, {@code SET}), which a
 * transaction-mode pooler cannot give. The direct {@code DataSource} is unpooled, so
 * nothing stays open after the migration, and it is no bean: Spring Boot's {@code db}
 * health and single-candidate injection see only the application's pool. A migration
 * that the application configured otherwise ({@code spring.flyway.url}, its own
 * {@code @FlywayDataSource}) keeps its own.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class DirectMigrations {

	private final ObjectProvider<DataSource> applicationDataSource;

	private final DatabaseEndpoints endpoints;

	private final PostgresConnector connector;

	private final boolean refreshOnAuthFailure;

	DirectMigrations(ObjectProvider<DataSource> applicationDataSource, DatabaseEndpoints endpoints,
			PostgresConnector connector, HerokuPostgresProperties properties) {
		this.applicationDataSource = applicationDataSource;
		this.endpoints = endpoints;
		this.connector = connector;
		this.refreshOnAuthFailure = properties.getRefresh().isOnAuthFailure();
	}

	/**
	 * Return the {@code DataSource} a migration should use instead of the one it was
	 * given.
	 * @param configured the one Spring Boot configured for it
	 * @return a direct one when it was given the application's pool and that pool uses
	 * the pooler, else the one it was given
	 */
	DataSource dataSourceFor(DataSource configured) {
		if (this.endpoints.pooler() == null || configured != this.applicationDataSource.getIfUnique()) {
			return configured;
		}
		return new CredentialAwareDataSource(this.endpoints.direct(), this.connector, this.refreshOnAuthFailure);
	}

}
