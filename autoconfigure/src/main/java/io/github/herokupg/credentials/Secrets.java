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

	private static final String SECRET_WORD = "(?:password|passwd|pwd|token|secret|key|credentials?)";

	private static final String VALUE = "('[^']*'|\"[^\"]*\"|[^\\s'\"]+)";

	/** {@code password=…}, {@code PGPASSWORD=…}, {@code HEROKU_API_KEY: …}, {@code --token=…}. */
	private static final Pattern NAMED_SECRET = Pattern
		.compile("(?i)([\\w.-]*" + SECRET_WORD + "[\\w.-]*[\"']?\\s*[=:]\\s*)" + VALUE);

	/** {@code --token …}, {@code -p …}, {@code --api-key …}. */
	private static final Pattern SECRET_FLAG = Pattern
		.compile("(?i)((?:^|\\s)(?:--?[\\w-]*" + SECRET_WORD + "[\\w-]*|-p)\\s+)" + VALUE);

	/** {@code Bearer …}, {@code Basic …}. */
	private static final Pattern AUTHORIZATION = Pattern.compile("(?i)\\b(bearer|basic)(\\s+)[\\w.~+/=-]+");

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
			masked = maskUsername(masked, url);
		}
		return maskConnectionStrings(masked);
	}

	/**
	 * Mask the passwords of any connection strings in free text, such as the standard
	 * error of a command.
	 * @param text the text to clean
	 * @return the cleaned text
	 */
	public static String maskConnectionStrings(String text) {
		String masked = URI_PASSWORD.matcher(text).replaceAll("$1" + MASK + "@");
		masked = NAMED_SECRET.matcher(masked).replaceAll("$1" + MASK);
		masked = SECRET_FLAG.matcher(masked).replaceAll("$1" + MASK);
		return AUTHORIZATION.matcher(masked).replaceAll("$1$2" + MASK);
	}

	/**
	 * Show a user name only as operators see it in the endpoint: masked. A short name is
	 * replaced where it stands quoted only, so that its letters elsewhere stay readable.
	 */
	private static String maskUsername(String text, DatabaseUrl url) {
		String username = url.username();
		String masked = url.maskedUsername();
		if (username == null || username.isEmpty() || masked == null) {
			return text;
		}
		return (username.length() >= 4) ? text.replace(username, masked)
				: text.replace("\"" + username + "\"", "\"" + masked + "\"");
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
