package io.github.herokupg.url;

import java.nio.charset.StandardCharsets;

/**
 * Encodes a database name for the path of a pgjdbc URL. pgjdbc decodes the path with
 * form decoding and refuses a second {@code /}, so everything but unreserved characters
 * is percent-encoded (a space as {@code %20}, never {@code +}).
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class JdbcUrlEncoding {

	private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

	private JdbcUrlEncoding() {
	}

	static String encode(String value) {
		StringBuilder encoded = new StringBuilder(value.length());
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int unsigned = b & 0xFF;
			if (unsigned < 0x80 && UNRESERVED.indexOf(unsigned) >= 0) {
				encoded.append((char) unsigned);
			}
			else {
				encoded.append('%').append(Character.toUpperCase(Character.forDigit(unsigned >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(unsigned & 0xF, 16)));
			}
		}
		return encoded.toString();
	}

}
