package io.github.herokupg.url;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A parsed, validated PostgreSQL connection string with this project's SSL policy
 * applied, ready to open pgjdbc connections. The user name and password are kept apart
 * from the JDBC URL: pgjdbc lets URL parameters override connection properties, so
 * credentials in the URL would defeat rotation. {@link #toString()} masks the password.
 *
 * @param hosts the servers, in order
 * @param database the database name, or {@code null} for the default (the user name)
 * @param username the user name, or {@code null}
 * @param password the password, or {@code null}
 * @param sslMode the effective SSL mode
 * @param properties the other pgjdbc properties, in order
 * @param sslModeRaised whether {@code verify-ca} was raised to {@code verify-full}
 * because only the JVM's default trust would verify the server
 * @author heroku-postgres-spring-boot-starter contributors
 */
public record DatabaseUrl(List<HostAndPort> hosts, @Nullable String database, @Nullable String username,
		@Nullable String password, SslMode sslMode, Map<String, String> properties, boolean sslModeRaised) {

	/** The name of the variable Heroku sets. */
	public static final String DEFAULT_VARIABLE = "DATABASE_URL";

	/**
	 * Create a new instance; the lists and maps are copied.
	 * @param hosts the hosts, in the order they are tried
	 * @param database the database name, if any
	 * @param username the user name, if any
	 * @param password the password, if any
	 * @param sslMode the effective SSL mode
	 * @param properties the other pgjdbc properties, in order
	 * @param sslModeRaised whether {@code verify-ca} was raised to {@code verify-full}
	 */
	public DatabaseUrl {
		hosts = List.copyOf(hosts);
		properties = Map.copyOf(properties);
	}

	/**
	 * Parse a connection string with the default SSL settings.
	 * @param variable the name of the variable it came from, for error messages
	 * @param value the connection string
	 * @return the parsed connection string
	 * @throws InvalidDatabaseUrlException if it cannot be used
	 */
	public static DatabaseUrl parse(String variable, @Nullable String value) {
		return parse(variable, value, SslSettings.DEFAULT);
	}

	/**
	 * Parse a connection string: a {@code postgres://} or {@code postgresql://} URI, or
	 * libpq keyword/value settings. Surrounding white space is ignored.
	 * @param variable the name of the variable it came from, for error messages
	 * @param value the connection string
	 * @param ssl the application's SSL settings
	 * @return the parsed connection string
	 * @throws InvalidDatabaseUrlException if it cannot be used
	 */
	public static DatabaseUrl parse(String variable, @Nullable String value, SslSettings ssl) {
		return new DatabaseUrlResolver(variable, ssl).resolve(value);
	}

	/**
	 * Return the JDBC URL: hosts, ports and database only, never credentials or other
	 * parameters.
	 * @return the JDBC URL
	 */
	public String jdbcUrl() {
		return "jdbc:postgresql://" + servers() + "/" + JdbcUrlEncoding.encode((this.database != null) ? this.database : "");
	}

	/**
	 * Return the properties to hand to pgjdbc with {@link #jdbcUrl()}: user, password,
	 * {@code sslmode} and every other parameter.
	 * @return a new {@link Properties} instance
	 */
	public Properties connectionProperties() {
		Properties properties = new Properties();
		properties.putAll(this.properties);
		properties.setProperty("sslmode", this.sslMode.value());
		if (this.username != null) {
			properties.setProperty("user", this.username);
		}
		if (this.password != null) {
			properties.setProperty("password", this.password);
		}
		return properties;
	}

	/**
	 * Return the user name with all but its first characters masked, safe to show to
	 * operators.
	 * @return the masked user name, or {@code null}
	 */
	public @Nullable String maskedUsername() {
		if (this.username == null) {
			return null;
		}
		int shown = Math.min(4, this.username.length() / 3);
		return this.username.substring(0, shown) + "*".repeat(Math.max(this.username.length() - shown, 3));
	}

	/**
	 * Return a short fingerprint of the credentials and servers: two snapshots with the
	 * same fingerprint hold the same credentials. It cannot be turned back into the
	 * password.
	 * @return eight hex digits
	 */
	public String fingerprint() {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			String material = String.join("\u0000", Objects.toString(this.username, ""),
					Objects.toString(this.password, ""), this.hosts.toString(), Objects.toString(this.database, ""));
			byte[] hash = digest.digest(material.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 4);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String servers() {
		return this.hosts.stream().map(HostAndPort::toString).collect(Collectors.joining(","));
	}

	@Override
	public String toString() {
		String user = (this.username != null) ? maskedUsername() + ((this.password != null) ? ":******" : "") + "@" : "";
		return "postgres://" + user + servers() + "/" + Objects.toString(this.database, "") + "?sslmode=" + this.sslMode;
	}

}
