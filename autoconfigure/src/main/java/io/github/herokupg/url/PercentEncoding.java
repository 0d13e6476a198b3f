package io.github.herokupg.url;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encodes text as UTF-8: every byte outside a given set of characters becomes
 * {@code %XX} (upper-case hex), a space {@code %20}, never {@code +}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class PercentEncoding {

	/** RFC 3986's unreserved characters. */
	public static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

	/**
	 * The unreserved characters but the dot, so that no encoded value can be the path
	 * segment {@code .} or {@code ..}.
	 */
	public static final String UNRESERVED_BUT_DOT = UNRESERVED.replace(".", "");

	private PercentEncoding() {
	}

	/**
	 * Encode a value.
	 * @param value the value
	 * @param kept the ASCII characters that stay as they are
	 * @return the encoded value
	 */
	public static String encode(String value, String kept) {
		StringBuilder encoded = new StringBuilder(value.length());
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int unsigned = b & 0xFF;
			if (unsigned < 0x80 && kept.indexOf(unsigned) >= 0) {
				encoded.append((char) unsigned);
			}
			else {
				encoded.append('%')
					.append(Character.toUpperCase(Character.forDigit(unsigned >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(unsigned & 0xF, 16)));
			}
		}
		return encoded.toString();
	}

}
