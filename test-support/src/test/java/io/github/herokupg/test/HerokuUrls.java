package io.github.herokupg.test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens a JDBC connection from a Heroku-style URL, the way a client that requires TLS
 * does, without the starter.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class HerokuUrls {

	private HerokuUrls() {
	}

	static Connection connect(String herokuUrl) throws SQLException {
		return connect(herokuUrl, "require");
	}

	static Connection connect(String herokuUrl, String sslMode) throws SQLException {
		URI uri = URI.create(herokuUrl);
		String[] userInfo = uri.getRawUserInfo().split(":", 2);
		Properties properties = new Properties();
		properties.setProperty("user", decode(userInfo[0]));
		properties.setProperty("password", decode(userInfo[1]));
		properties.setProperty("sslmode", sslMode);
		properties.setProperty("connectTimeout", "5");
		return DriverManager.getConnection(
				"jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getRawPath(), properties);
	}

	static int port(String herokuUrl) {
		return URI.create(herokuUrl).getPort();
	}

	static String password(String herokuUrl) {
		return decode(URI.create(herokuUrl).getRawUserInfo().split(":", 2)[1]);
	}

	static String user(String herokuUrl) {
		return decode(URI.create(herokuUrl).getRawUserInfo().split(":", 2)[0]);
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

}
