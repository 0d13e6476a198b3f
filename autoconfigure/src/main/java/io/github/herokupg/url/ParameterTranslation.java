package io.github.herokupg.url;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.postgresql.PGProperty;

/**
 * Translates libpq connection parameters to pgjdbc driver properties, checking the
 * values libpq would only check when connecting. pgjdbc's own property names pass
 * through unchanged.
 *
 * <table>
 * <caption>libpq parameters and their pgjdbc names</caption>
 * <tr><th>libpq</th><th>pgjdbc</th></tr>
 * <tr><td>application_name, fallback_application_name</td><td>ApplicationName</td></tr>
 * <tr><td>connect_timeout</td><td>connectTimeout</td></tr>
 * <tr><td>keepalives</td><td>tcpKeepAlive</td></tr>
 * <tr><td>target_session_attrs</td><td>targetServerType</td></tr>
 * <tr><td>load_balance_hosts</td><td>loadBalanceHosts</td></tr>
 * <tr><td>channel_binding, gssencmode, require_auth, krbsrvname, sslnegotiation</td>
 * <td>channelBinding, gssEncMode, requireAuth, kerberosServerName, sslNegotiation</td></tr>
 * <tr><td>options, sslcert, sslkey, sslpassword, sslrootcert, gsslib, replication,
 * service</td><td>same name</td></tr>
 * </table>
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class ParameterTranslation {

	/** Keywords consumed elsewhere: the authority, the path and the SSL policy. */
	static final Set<String> HANDLED_ELSEWHERE = Set.of("host", "port", "dbname", "user", "password", "sslmode");

	private static final Set<String> WITHOUT_PGJDBC_EQUIVALENT = Set.of("hostaddr", "passfile", "client_encoding",
			"keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout", "sslcompression",
			"sslcertmode", "sslcrl", "sslcrldir", "sslsni", "requirepeer", "ssl_min_protocol_version",
			"ssl_max_protocol_version", "gssdelegation");

	/** pgjdbc names that would bypass the host list, the path or the SSL policy. */
	private static final Set<String> REFUSED_PGJDBC_NAMES = Set.of("PGHOST", "PGPORT", "PGDBNAME", "ssl");

	private static final Map<String, Translation> TRANSLATIONS = Map.ofEntries(
			Map.entry("application_name", new Translation("ApplicationName", UnaryOperator.identity())),
			Map.entry("connect_timeout", new Translation("connectTimeout", ParameterTranslation::timeout)),
			Map.entry("keepalives", new Translation("tcpKeepAlive", ParameterTranslation::keepalives)),
			Map.entry("target_session_attrs",
					new Translation("targetServerType", ParameterTranslation::targetServerType)),
			Map.entry("load_balance_hosts",
					new Translation("loadBalanceHosts", ParameterTranslation::loadBalanceHosts)),
			Map.entry("channel_binding", new Translation("channelBinding", oneOf("disable", "prefer", "require"))),
			Map.entry("gssencmode", new Translation("gssEncMode", oneOf("disable", "prefer", "require"))),
			Map.entry("require_auth", new Translation("requireAuth", UnaryOperator.identity())),
			Map.entry("krbsrvname", new Translation("kerberosServerName", UnaryOperator.identity())),
			Map.entry("sslnegotiation", new Translation("sslNegotiation", oneOf("postgres", "direct"))));

	private ParameterTranslation() {
	}

	/**
	 * Whether a parameter name is accepted at all: a libpq keyword or a pgjdbc property.
	 * @param name the parameter name, case-sensitive
	 * @return whether the name is accepted
	 */
	static boolean isAccepted(String name) {
		return LibpqKeywords.isKnown(name)
				|| (PGProperty.forName(name) != null && !REFUSED_PGJDBC_NAMES.contains(name));
	}

	/**
	 * Translate the parameters of a parsed connection string into pgjdbc properties.
	 * @param keywords the libpq keywords
	 * @return the pgjdbc properties, in order, without host, port, database, user,
	 * password and sslmode
	 */
	static Map<String, String> toPgjdbc(Map<String, String> keywords) {
		Map<String, String> properties = new LinkedHashMap<>();
		keywords.forEach((name, value) -> {
			if (HANDLED_ELSEWHERE.contains(name)) {
				return;
			}
			if (WITHOUT_PGJDBC_EQUIVALENT.contains(name)) {
				throw new ConnectionStringSyntaxException("parameter \"" + name
						+ "\" has no equivalent in the PostgreSQL JDBC driver; remove it");
			}
			if (name.equals("fallback_application_name")) {
				if (!keywords.containsKey("application_name")) {
					properties.put("ApplicationName", value);
				}
				return;
			}
			Translation translation = TRANSLATIONS.get(name);
			if (translation != null) {
				properties.put(translation.name(), translation.convert(name, value));
			}
			else {
				properties.put(name, value);
			}
		});
		return properties;
	}

	private static String timeout(String value) {
		int seconds = integer(value);
		return String.valueOf(Math.max(seconds, 0));
	}

	private static String keepalives(String value) {
		return String.valueOf(integer(value) != 0);
	}

	private static String targetServerType(String value) {
		return switch (value) {
			case "any" -> "any";
			case "read-write", "primary" -> "primary";
			case "read-only", "standby" -> "secondary";
			case "prefer-standby" -> "preferSecondary";
			default -> throw invalid("target_session_attrs",
					"any, read-write, read-only, primary, standby or prefer-standby");
		};
	}

	private static String loadBalanceHosts(String value) {
		return switch (value) {
			case "disable" -> "false";
			case "random" -> "true";
			default -> throw invalid("load_balance_hosts", "disable or random");
		};
	}

	private static UnaryOperator<String> oneOf(String... allowed) {
		return (value) -> {
			if (!Set.of(allowed).contains(value)) {
				throw new IllegalArgumentException(String.join(", ", allowed));
			}
			return value;
		};
	}

	private static int integer(String value) {
		if (!value.matches("[+-]?\\d{1,9}")) {
			throw new IllegalArgumentException("an integer");
		}
		return Integer.parseInt(value);
	}

	private static ConnectionStringSyntaxException invalid(String name, String expected) {
		return new ConnectionStringSyntaxException(
				"invalid value for parameter \"" + name + "\" (expected " + expected + ")");
	}

	private record Translation(String name, UnaryOperator<String> converter) {

		String convert(String libpqName, String value) {
			try {
				return this.converter.apply(value);
			}
			catch (IllegalArgumentException ex) {
				throw invalid(libpqName, String.valueOf(ex.getMessage()));
			}
		}

	}

}
