package io.github.herokupg.url;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The second parsing stage: applies this project's policy to a {@link ConnectionString}.
 * Unix-domain sockets and ambiguous hosts are refused, ports checked, parameters
 * translated to pgjdbc and the SSL policy enforced.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class DatabaseUrlResolver {

	/** A host name, or an IPv6 address with an optional zone. */
	private static final Pattern HOST = Pattern
		.compile("[\\p{L}\\p{N}._~-]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\p{Alnum}._-]+)?");

	private static final Pattern KEYWORD_VALUE_SUFFIX = Pattern.compile("\\s[A-Za-z_]+\\s*=");

	private static final Pattern PORT = Pattern.compile("\\d{1,5}");

	private static final String JAVA_TRUST_STORE_FACTORY = "org.postgresql.ssl.DefaultJavaSSLFactory";

	private final String variable;

	private final SslSettings ssl;

	DatabaseUrlResolver(String variable, SslSettings ssl) {
		this.variable = variable;
		this.ssl = ssl;
	}

	DatabaseUrl resolve(@Nullable String value) {
		if (value == null || value.isBlank()) {
			throw invalid("it is empty");
		}
		try {
			ConnectionString connectionString = ConnectionString.parse(value.strip());
			List<HostAndPort> hosts = hosts(connectionString.servers());
			String database = connectionString.get("dbname");
			if (connectionString.uri() && database != null) {
				checkUriDatabase(database);
			}
			refuseWeakeningParameters(connectionString);
			Map<String, String> properties = new LinkedHashMap<>(ParameterTranslation.toPgjdbc(connectionString.keywords()));
			SslMode requested = sslMode(connectionString, properties);
			SslMode sslMode = raisedIfOnlyJvmTrust(requested, properties);
			return new DatabaseUrl(hosts, database, connectionString.get("user"),
					connectionString.get("password"), sslMode, properties, sslMode != requested);
		}
		catch (ConnectionStringSyntaxException ex) {
			throw invalid(ex.reason());
		}
	}

	private void refuseWeakeningParameters(ConnectionString connectionString) {
		for (String name : connectionString.keywords().keySet()) {
			String reason = DriverPropertyPolicy.refusalInConnectionString(name);
			if (reason != null) {
				throw new InvalidDatabaseUrlException(this.variable, InvalidDatabaseUrlException.Kind.REFUSED_PARAMETER,
						"parameter \"" + name + "\" is refused: " + reason);
			}
		}
	}

	/**
	 * {@code verify-ca} against the JVM's public roots would accept any publicly issued
	 * certificate for any name: only the host name check makes it authenticate anybody.
	 */
	private SslMode raisedIfOnlyJvmTrust(SslMode mode, Map<String, String> properties) {
		if (mode != SslMode.VERIFY_CA) {
			return mode;
		}
		boolean jvmTrust = switch (this.ssl.bundle()) {
			case NONE -> JAVA_TRUST_STORE_FACTORY.equals(properties.get("sslfactory"));
			case TRUST_STORE -> false;
			case JVM_TRUST -> true;
		};
		return jvmTrust ? SslMode.VERIFY_FULL : mode;
	}

	private void checkUriDatabase(String database) {
		if (database.indexOf('@') >= 0) {
			throw new ConnectionStringSyntaxException("the database name contains '@', so the user information is "
					+ "ambiguous; write a '/' in the user name or password as %2F and a '@' as %40");
		}
		if (KEYWORD_VALUE_SUFFIX.matcher(database).find()) {
			throw new ConnectionStringSyntaxException("a URI cannot be followed by keyword=value settings; "
					+ "put parameters in its query instead (?connect_timeout=10&...)");
		}
	}

	private List<HostAndPort> hosts(List<ConnectionString.Server> servers) {
		List<HostAndPort> hosts = new ArrayList<>(servers.size());
		for (int i = 0; i < servers.size(); i++) {
			ConnectionString.Server server = servers.get(i);
			String which = (servers.size() > 1) ? "host " + (i + 1) : "the host";
			hosts.add(new HostAndPort(host(server.host(), which), port(server.port(), which)));
		}
		return hosts;
	}

	private String host(String host, String which) {
		if (host.isEmpty() || host.startsWith("/") || host.startsWith("@")) {
			throw new ConnectionStringSyntaxException(which + " is missing, empty or a path, which means a Unix-domain "
					+ "socket; the PostgreSQL JDBC driver needs a host name or IP address");
		}
		if (host.indexOf('@') >= 0) {
			throw new ConnectionStringSyntaxException(which + " contains '@', so the user information is "
					+ "ambiguous; write a '@' in the user name or password as %40");
		}
		if (!HOST.matcher(host).matches()) {
			throw new ConnectionStringSyntaxException(which + " contains characters that cannot be part of a host "
					+ "name or IP address (percent-encode special characters in the password)");
		}
		return host;
	}

	private int port(String port, String which) {
		if (port.isEmpty()) {
			return HostAndPort.DEFAULT_PORT;
		}
		int number = PORT.matcher(port).matches() ? Integer.parseInt(port) : -1;
		if (number < 1 || number > 65535) {
			throw new ConnectionStringSyntaxException("the port of " + which + " is not a number from 1 to 65535");
		}
		return number;
	}

	private SslMode sslMode(ConnectionString connectionString, Map<String, String> properties) {
		SslMode fromUrl = null;
		String requested = connectionString.get("sslmode");
		if (requested != null) {
			fromUrl = SslMode.fromValue(requested);
			if (fromUrl == null) {
				throw new ConnectionStringSyntaxException(
						"invalid sslmode value (expected require, verify-ca or verify-full)");
			}
		}
		if ("system".equals(connectionString.get("sslrootcert"))) {
			if (fromUrl != null && fromUrl != SslMode.VERIFY_FULL) {
				throw new ConnectionStringSyntaxException(
						"weak sslmode \"" + fromUrl + "\" may not be used with sslrootcert=system (use verify-full)");
			}
			fromUrl = SslMode.VERIFY_FULL;
			properties.remove("sslrootcert");
			properties.put("sslfactory", JAVA_TRUST_STORE_FACTORY);
		}
		SslMode effective = effective(fromUrl, this.ssl.mode());
		if (fromUrl == null && this.ssl.mode() == null && this.ssl.plainOnLoopback() && isLoopbackOnly(connectionString)) {
			return SslMode.PREFER;
		}
		if (effective.isInsecure() && !this.ssl.allowInsecure()) {
			String origin = (effective == fromUrl) ? this.variable : "the configured minimum SSL mode";
			throw new InvalidDatabaseUrlException(this.variable, InvalidDatabaseUrlException.Kind.INSECURE_SSL_MODE,
					"sslmode \"" + effective + "\" (from " + origin
							+ ") may connect without TLS and send the password in clear text");
		}
		if (this.ssl.rootCert() != null) {
			properties.put("sslrootcert", this.ssl.rootCert());
		}
		boolean verifying = effective == SslMode.VERIFY_CA || effective == SslMode.VERIFY_FULL;
		if (verifying && !properties.containsKey("sslrootcert")) {
			// no CA file: verify against the JVM's trust store, as Enhanced Certificates chain to public roots
			properties.put("sslfactory", JAVA_TRUST_STORE_FACTORY);
		}
		return effective;
	}

	private static boolean isLoopbackOnly(ConnectionString connectionString) {
		for (ConnectionString.Server server : connectionString.servers()) {
			String host = server.host();
			if (!HostAndPort.isLoopbackLiteral(host)) {
				return false;
			}
		}
		return true;
	}

	private static SslMode effective(@Nullable SslMode fromUrl, @Nullable SslMode fromProperty) {
		if (fromUrl == null) {
			return (fromProperty != null) ? fromProperty : SslMode.REQUIRE;
		}
		return (fromProperty != null) ? fromUrl.strongest(fromProperty) : fromUrl;
	}

	private InvalidDatabaseUrlException invalid(String reason) {
		return new InvalidDatabaseUrlException(this.variable, InvalidDatabaseUrlException.Kind.SYNTAX, reason);
	}

}
