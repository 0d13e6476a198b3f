package io.github.herokupg.url;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * The pgjdbc properties that could undo the TLS floor, change who logs in or supply
 * credentials from somewhere else than the connection string. They are refused in every
 * place a driver property can come from: a connection string of any endpoint, and the
 * extra driver properties of any pool. Names are compared without regard to case.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class DriverPropertyPolicy {

	private static final String CREDENTIALS = "the user name and password come from the connection string alone";

	/** Refused wherever they appear, the connection string included. */
	private static final Map<String, String> ANYWHERE = Map.of(
			"sslfactory", "it replaces the TLS socket factory and can turn off the verification of the server",
			"sslfactoryarg", "it configures a replaced TLS socket factory",
			"sslhostnameverifier", "it replaces the check that the server's certificate names the host",
			"sslpasswordcallback", "it supplies the client key's password from a class",
			"authenticationpluginclassname", "it supplies the password from a class: " + CREDENTIALS,
			"service", "it reads the host, the user and the password from a pg_service.conf file");

	/**
	 * Refused as extra driver properties only: the connection string is where these
	 * belong.
	 */
	private static final Map<String, String> OUTSIDE_CONNECTION_STRINGS = Map.of("user", CREDENTIALS, "password",
			CREDENTIALS, "sslmode", "the SSL mode comes from the connection string and the configured minimum",
			"ssl", "the SSL mode comes from the connection string and the configured minimum", "pghost",
			"the hosts come from the connection string alone", "pgport",
			"the ports come from the connection string alone", "pgdbname",
			"the database comes from the connection string alone");

	private DriverPropertyPolicy() {
	}

	/**
	 * Return why a parameter of a connection string is refused.
	 * @param name the parameter name
	 * @return the reason, or {@code null} if it is not refused for this policy
	 */
	public static @Nullable String refusalInConnectionString(String name) {
		return ANYWHERE.get(name.toLowerCase(Locale.ROOT));
	}

	/**
	 * Return why an extra driver property (a pool's {@code data-source-properties}) is
	 * refused.
	 * @param name the property name
	 * @return the reason, or {@code null} if it may be set
	 */
	public static @Nullable String refusalInDriverProperties(String name) {
		String key = name.toLowerCase(Locale.ROOT);
		String reason = ANYWHERE.get(key);
		return (reason != null) ? reason : OUTSIDE_CONNECTION_STRINGS.get(key);
	}

	/**
	 * Return every refused name, in lowercase, for documentation and tests.
	 * @return the names
	 */
	public static Set<String> refusedNames() {
		Set<String> names = new TreeSet<>(ANYWHERE.keySet());
		names.addAll(OUTSIDE_CONNECTION_STRINGS.keySet());
		return names;
	}

}
