package io.github.herokupg.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration properties of the JDBC pools beside the application's: each follower's and
 * each attached database's HikariCP settings. Apart from {@link HerokuPostgresProperties}
 * so that an application without HikariCP (R2DBC only) never needs its classes.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@ConfigurationProperties(HerokuPostgresProperties.PREFIX)
public class HerokuPostgresPoolProperties {

	private final Replica replica = new Replica();

	/**
	 * Pool settings of further attached databases by name, as
	 * heroku.postgres.databases.<name>.url-variable names their config var.
	 */
	private final Map<String, Database> databases = new LinkedHashMap<>();

	/**
	 * Create properties with their defaults.
	 */
	public HerokuPostgresPoolProperties() {
	}

	/**
	 * Return the pool properties of followers.
	 * @return the value
	 */
	public Replica getReplica() {
		return this.replica;
	}

	/**
	 * Return the pool settings of further attached databases by name.
	 * @return the value
	 */
	public Map<String, Database> getDatabases() {
		return this.databases;
	}

	/**
	 * Pool properties of followers.
	 */
	public static class Replica {

		/**
		 * Settings of each follower's pool, as spring.datasource.hikari.* sets the
		 * leader's; the connection timeout defaults to 2s, so that read-only work falls
		 * back soon when a follower went away, and each pool's name is
		 * heroku-follower-<variable> (a configured name gets -<variable> appended).
		 */
		@NestedConfigurationProperty
		private HikariConfig hikari = followerPoolDefaults();

		/**
		 * Create these properties with their defaults.
		 */
		public Replica() {
		}

		private static HikariConfig followerPoolDefaults() {
			HikariConfig config = new HikariConfig();
			config.setConnectionTimeout(FollowerPools.CONNECTION_TIMEOUT_MILLIS);
			return config;
		}

		/**
		 * Return the settings of each follower's pool, as spring.datasource.hikari.* sets
		 * the leader's; its connection timeout defaults to 2s and its name is
		 * {@code heroku-follower-<variable>}.
		 * @return the value
		 */
		public HikariConfig getHikari() {
			return this.hikari;
		}

		/**
		 * Set the settings of each follower's pool.
		 * @param hikari the new value
		 */
		public void setHikari(HikariConfig hikari) {
			// a setter, so that the configprops endpoint shows the settings of another package's type
			this.hikari = hikari;
		}

	}

	/**
	 * Pool properties of a further attached database.
	 */
	public static class Database {

		/**
		 * Settings of the attachment's pool, as spring.datasource.hikari.* sets the
		 * primary's; its pool name defaults to heroku-<name>.
		 */
		@NestedConfigurationProperty
		private HikariConfig hikari = new HikariConfig();

		/**
		 * Create these properties with their defaults.
		 */
		public Database() {
		}

		/**
		 * Return the settings of the attachment's pool, as spring.datasource.hikari.*
		 * sets the primary's; its pool name defaults to {@code heroku-<name>}.
		 * @return the value
		 */
		public HikariConfig getHikari() {
			return this.hikari;
		}

		/**
		 * Set the settings of the attachment's pool.
		 * @param hikari the new value
		 */
		public void setHikari(HikariConfig hikari) {
			// a setter, so that the configprops endpoint shows the settings of another package's type
			this.hikari = hikari;
		}

	}

}
