package io.github.herokupg.ssl;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import io.github.herokupg.jdbc.PostgresConnector;
import io.github.herokupg.url.DatabaseUrl;
import io.github.herokupg.url.SslMode;
import io.github.herokupg.url.SslSettings;

/**
 * Connects with {@code verify-full} and no CA file, in a JVM of its own whose default
 * trust store {@link JvmTrustStoreTests} chose, and prints whether the connection uses
 * TLS.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class JvmTrustStoreProbe {

	private JvmTrustStoreProbe() {
	}

	public static void main(String[] args) throws Exception {
		DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", args[0], new SslSettings(SslMode.VERIFY_FULL, null, false));
		try (Connection connection = new PostgresConnector(Map.of()).connect(url);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
			result.next();
			System.out.println("ssl=" + result.getBoolean(1));
		}
	}

}
