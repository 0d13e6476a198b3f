package io.github.herokupg.url;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding as libpq does it for connection URIs: exactly one round, {@code +}
 * stays {@code +}, {@code %} must be followed by two hex digits and {@code %00} is
 * refused. Unlike libpq, the decoded bytes must be valid UTF-8, since a Java string
 * cannot carry anything else faithfully.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class PercentDecoding {

	private PercentDecoding() {
	}

	/**
	 * Decode one component of a connection URI.
	 * @param text the raw component
	 * @param component what the component is, for error messages ("the password")
	 * @return the decoded text
	 * @throws ConnectionStringSyntaxException if the encoding is invalid
	 */
	static String decode(String text, String component) {
		if (text.indexOf('%') < 0) {
			return text;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
		int i = 0;
		while (i < text.length()) {
			char ch = text.charAt(i);
			if (ch == '%') {
				int high = (i + 1 < text.length()) ? Character.digit(text.charAt(i + 1), 16) : -1;
				int low = (i + 2 < text.length()) ? Character.digit(text.charAt(i + 2), 16) : -1;
				if (high < 0 || low < 0) {
					throw new ConnectionStringSyntaxException("invalid percent-encoding in " + component
							+ " ('%' must be followed by two hex digits; write a literal '%' as %25)");
				}
				int value = (high << 4) | low;
				if (value == 0) {
					throw new ConnectionStringSyntaxException("forbidden %00 in " + component);
				}
				bytes.write(value);
				i += 3;
			}
			else {
				int end = i + Character.charCount(text.codePointAt(i));
				bytes.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
				i = end;
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new ConnectionStringSyntaxException(
					"the percent-encoded bytes of " + component + " are not valid UTF-8");
		}
	}

}
