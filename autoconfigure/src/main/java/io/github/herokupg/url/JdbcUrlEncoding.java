package io.github.herokupg.url;

/**
 * Encodes a database name for the path of a pgjdbc URL. pgjdbc decodes the path with
 * form decoding and refuses a second {@code /}, so everything but unreserved characters
 * is percent-encoded (a space as {@code %20}, never {@code +}).
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class JdbcUrlEncoding {

	private JdbcUrlEncoding() {
	}

	static String encode(String value) {
		return PercentEncoding.encode(value, PercentEncoding.UNRESERVED);
	}

}
