package io.github.herokupg.url;

import java.util.Set;

/**
 * The connection keywords libpq recognises ({@code PQconninfoOptions} of PostgreSQL 16,
 * plus {@code sslnegotiation} from PostgreSQL 17).
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class LibpqKeywords {

	static final Set<String> ALL = Set.of("service", "user", "password", "passfile", "channel_binding",
			"connect_timeout", "dbname", "host", "hostaddr", "port", "client_encoding", "options",
			"application_name", "fallback_application_name", "keepalives", "keepalives_idle", "keepalives_interval",
			"keepalives_count", "tcp_user_timeout", "sslmode", "sslnegotiation", "sslcompression", "sslcert",
			"sslkey", "sslcertmode", "sslpassword", "sslrootcert", "sslcrl", "sslcrldir", "sslsni", "requirepeer",
			"require_auth", "ssl_min_protocol_version", "ssl_max_protocol_version", "gssencmode", "krbsrvname",
			"gsslib", "gssdelegation", "replication", "target_session_attrs", "load_balance_hosts");

	private LibpqKeywords() {
	}

	/**
	 * Whether a keyword is one libpq accepts, {@code requiressl} included (it is
	 * translated to {@code sslmode} on the way in).
	 * @param keyword the keyword, case-sensitive
	 * @return whether libpq knows the keyword
	 */
	static boolean isKnown(String keyword) {
		return ALL.contains(keyword) || "requiressl".equals(keyword);
	}

}
