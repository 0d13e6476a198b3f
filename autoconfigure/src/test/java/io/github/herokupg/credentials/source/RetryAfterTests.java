package io.github.herokupg.credentials.source;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RetryAfter}: both forms read, anything else ignored, no answer asks
 * for more than an hour.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class RetryAfterTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	@Test
	void readsSecondsAndHttpDates() {
		assertThat(RetryAfter.seconds("120", NOW)).isEqualTo(120);
		assertThat(RetryAfter.seconds(" 7 ", NOW)).isEqualTo(7);
		assertThat(RetryAfter.seconds("Tue, 01 Dec 2026 12:02:00 GMT", NOW)).isEqualTo(120);
	}

	@Test
	void capsEveryPauseAtAnHourAndNeverGoesBelowNone() {
		assertThat(RetryAfter.seconds("86400", NOW)).isEqualTo(3600);
		assertThat(RetryAfter.seconds("99999999999999999999999", NOW)).isEqualTo(3600);
		assertThat(RetryAfter.seconds("Fri, 31 Dec 9999 23:59:59 GMT", NOW)).isEqualTo(3600);
		assertThat(RetryAfter.seconds("Thu, 01 Jan 1970 00:00:00 GMT", NOW)).isZero();
	}

	@Test
	void ignoresWhatIsNeitherForm() {
		assertThat(RetryAfter.seconds(null, NOW)).isNull();
		assertThat(RetryAfter.seconds("", NOW)).isNull();
		assertThat(RetryAfter.seconds("-5", NOW)).isNull();
		assertThat(RetryAfter.seconds("soon", NOW)).isNull();
		assertThat(RetryAfter.seconds("1.5", NOW)).isNull();
		assertThat(RetryAfter.seconds("9".repeat(10_000), NOW)).isNull();
		assertThat(RetryAfter.seconds("Tue, 01 Dec 2026 12:02:00", NOW)).isNull();
	}

}
