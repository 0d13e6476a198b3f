package io.github.herokupg.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.github.herokupg.credentials.CredentialValidator;
import io.github.herokupg.url.DatabaseUrl;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;
import org.springframework.util.Assert;

/**
 * Opens pgjdbc connections for a {@link DatabaseUrl}. Extra driver properties (such as
 * {@code spring.datasource.hikari.data-source-properties}) are applied first, so they
 * can never override the credentials or the SSL mode of the connection string; the JDBC
 * URL carries no parameter at all.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class PostgresConnector implements CredentialValidator {

	private final Driver driver = new Driver();

	private final Map<String, String> extraProperties;

	private final Map<String, String> enforced;

	private final int loginTimeoutSeconds;

	/**
	 * Create a connector.
	 * @param extraProperties driver properties to add to every connection
	 */
	public PostgresConnector(Map<String, String> extraProperties) {
		this(Map.of(), extraProperties);
	}

	/**
	 * Create a connector with defaults that the extra properties and the connection
	 * string may override, such as {@code prepareThreshold=0} for a transaction-mode
	 * pooler.
	 * @param defaults driver properties that apply unless set otherwise
	 * @param extraProperties driver properties to add to every connection
	 */
	public PostgresConnector(Map<String, String> defaults, Map<String, String> extraProperties) {
		this(defaults, extraProperties, Map.of());
	}

	/**
	 * Create a connector with defaults, and with settings that nothing may override,
	 * such as the SSL socket factory of a client certificate.
	 * @param defaults driver properties that apply unless set otherwise
	 * @param extraProperties driver properties to add to every connection
	 * @param enforced driver properties that neither the extra properties nor the
	 * connection string may change
	 */
	public PostgresConnector(Map<String, String> defaults, Map<String, String> extraProperties,
			Map<String, String> enforced) {
		this(defaults, extraProperties, enforced, Duration.ZERO);
	}

	/**
	 * Create a connector whose own logins (validating new credentials, the health probe,
	 * migrations) end after a login timeout, so that a server that accepts the TCP
	 * connection and never answers cannot hold a refresh or a health request.
	 * @param defaults driver properties that apply unless set otherwise
	 * @param extraProperties driver properties to add to every connection
	 * @param enforced driver properties that neither the extra properties nor the
	 * connection string may change
	 * @param loginTimeout the bound on each of its own logins, {@link Duration#ZERO} for
	 * pgjdbc's default
	 */
	public PostgresConnector(Map<String, String> defaults, Map<String, String> extraProperties,
			Map<String, String> enforced, Duration loginTimeout) {
		Map<String, String> properties = new LinkedHashMap<>(defaults);
		properties.putAll(extraProperties);
		this.extraProperties = Map.copyOf(properties);
		this.enforced = Map.copyOf(enforced);
		this.loginTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE,
				(loginTimeout.toMillis() + 999) / 1000);
	}

	/**
	 * Return a connector for another pool: the same enforced settings and login timeout,
	 * with that pool's own extra driver properties instead of these.
	 * @param extraProperties the other pool's extra driver properties
	 * @return the connector
	 */
	public PostgresConnector withExtraProperties(Map<String, String> extraProperties) {
		return new PostgresConnector(Map.of(), extraProperties, this.enforced,
				Duration.ofSeconds(this.loginTimeoutSeconds));
	}

	/**
	 * Open a new physical connection.
	 * @param url the connection string
	 * @return the connection
	 * @throws SQLException if the connection cannot be opened
	 */
	public Connection connect(DatabaseUrl url) throws SQLException {
		Properties properties = url.connectionProperties();
		if (this.loginTimeoutSeconds > 0) {
			// the connector's own bound wins over a longer one in the connection string
			int fromUrl = parseSeconds(properties.getProperty("loginTimeout"));
			int seconds = (fromUrl > 0) ? Math.min(fromUrl, this.loginTimeoutSeconds) : this.loginTimeoutSeconds;
			properties.setProperty("loginTimeout", String.valueOf(seconds));
		}
		return connect(url, properties);
	}

	private static int parseSeconds(@Nullable String value) {
		try {
			return (value != null) ? (int) Math.ceil(Float.parseFloat(value)) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * Open a new physical connection within a login timeout, unless the connection
	 * string sets its own.
	 * @param url the connection string
	 * @param loginTimeoutSeconds the timeout, {@code 0} for pgjdbc's default
	 * @return the connection
	 * @throws SQLException if the connection cannot be opened
	 */
	public Connection connect(DatabaseUrl url, int loginTimeoutSeconds) throws SQLException {
		Properties properties = url.connectionProperties();
		if (loginTimeoutSeconds > 0 && !properties.containsKey("loginTimeout")) {
			properties.setProperty("loginTimeout", String.valueOf(loginTimeoutSeconds));
		}
		return connect(url, properties);
	}

	/**
	 * Open a new physical connection as another user.
	 * @param url the connection string
	 * @param username the user name
	 * @param password the password
	 * @return the connection
	 * @throws SQLException if the connection cannot be opened
	 */
	public Connection connect(DatabaseUrl url, String username, String password) throws SQLException {
		Properties properties = url.connectionProperties();
		properties.setProperty("user", username);
		properties.setProperty("password", password);
		return connect(url, properties);
	}

	private Connection connect(DatabaseUrl url, Properties connectionProperties) throws SQLException {
		Properties properties = new Properties();
		properties.putAll(this.extraProperties);
		properties.putAll(connectionProperties);
		properties.putAll(this.enforced);
		Connection connection = this.driver.connect(url.jdbcUrl(), properties);
		Assert.state(connection != null, "pgjdbc did not accept the JDBC URL");
		return connection;
	}

	/**
	 * Open one connection and run {@code SELECT 1}.
	 * @param url the connection string to try
	 * @throws SQLException if the database cannot be reached or rejects the credentials
	 */
	@Override
	public void validate(DatabaseUrl url) throws SQLException {
		validateAndKeep(url).close();
	}

	/**
	 * Open one connection, run {@code SELECT 1} and return the connection.
	 * @param url the connection string to try
	 * @return the open connection
	 * @throws SQLException if the database cannot be reached or rejects the credentials
	 */
	@Override
	public Connection validateAndKeep(DatabaseUrl url) throws SQLException {
		Connection connection = connect(url);
		try (Statement statement = connection.createStatement()) {
			statement.execute("SELECT 1");
			return connection;
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
	}

}
