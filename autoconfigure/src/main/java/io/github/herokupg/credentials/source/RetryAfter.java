package io.github.herokupg.credentials.source;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code Retry-After} header in both of its forms, delay-seconds and an
 * HTTP-date, and caps it: an answer may ask for a pause, never for a silence of a day.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class RetryAfter {

	/** The longest pause any answer can impose. */
	static final Duration LIMIT = Duration.ofHours(1);

	private RetryAfter() {
	}

	/**
	 * Return the pause a header asks for, in seconds.
	 * @param header the header value, or {@code null}
	 * @param now the current time, for an HTTP-date
	 * @return the seconds, from {@code 0} to one hour, or {@code null} if there is no
	 * valid header
	 */
	static @Nullable Long seconds(@Nullable String header, Instant now) {
		if (header == null || header.isBlank() || header.length() > 64) {
			return null;
		}
		String value = header.strip();
		long seconds;
		if (value.chars().allMatch(Character::isDigit)) {
			seconds = (value.length() > 9) ? LIMIT.toSeconds() : Long.parseLong(value);
		}
		else {
			try {
				Instant until = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				seconds = Duration.between(now, until).toSeconds();
			}
			catch (DateTimeParseException ex) {
				return null;
			}
		}
		return Math.max(0, Math.min(seconds, LIMIT.toSeconds()));
	}

}
