package io.github.herokupg.credentials;

import java.util.regex.Pattern;

import io.github.herokupg.url.DatabaseUrl;
import org.jspecify.annotations.Nullable;

/**
 * Removes credentials from text that is about to be logged or shown.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class Secrets {

	private static final String MASK = "******";

	private static final Pattern URI_PASSWORD = Pattern.compile("(://[^:/@\\s]*:)[^@\\s]*@");

	private static final Pattern KEYWORD_PASSWORD = Pattern.compile("(password\\s*=\\s*)('[^']*'|\\S+)");

	private Secrets() {
	}

	/**
	 * Replace every occurrence of the passwords of the given connection strings.
	 * @param text the text to clean
	 * @param urls the connection strings whose passwords must not appear
	 * @return the cleaned text
	 */
	public static @Nullable String mask(@Nullable String text, DatabaseUrl... urls) {
		if (text == null) {
			return null;
		}
		String masked = text;
		for (DatabaseUrl url : urls) {
			masked = maskValue(masked, url.password());
			masked = maskValue(masked, url.properties().get("sslpassword"));
		}
		return masked;
	}

	/**
	 * Mask the passwords of any connection strings in free text, such as the standard
	 * error of a command.
	 * @param text the text to clean
	 * @return the cleaned text
	 */
	public static String maskConnectionStrings(String text) {
		String masked = URI_PASSWORD.matcher(text).replaceAll("$1" + MASK + "@");
		return KEYWORD_PASSWORD.matcher(masked).replaceAll("$1" + MASK);
	}

	/**
	 * Replace every occurrence of one secret value.
	 * @param text the text to clean
	 * @param secret the secret, ignored when {@code null} or empty
	 * @return the cleaned text
	 */
	public static String maskValue(String text, @Nullable String secret) {
		return (secret != null && !secret.isEmpty()) ? text.replace(secret, MASK) : text;
	}

}
