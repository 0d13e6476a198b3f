package io.github.herokupg.url;

import java.util.Arrays;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The {@code sslmode} values that libpq and pgjdbc understand, weakest first.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public enum SslMode {

	/** Never use TLS. */
	DISABLE,

	/** Try plain TCP first, then TLS. */
	ALLOW,

	/** Try TLS first, then fall back to plain TCP. */
	PREFER,

	/** Always use TLS, without verifying the server certificate. */
	REQUIRE,

	/** Always use TLS and verify that the server certificate is signed by a trusted CA. */
	VERIFY_CA,

	/** Always use TLS, verify the certificate chain and the host name. */
	VERIFY_FULL;

	private final String value = name().toLowerCase(Locale.ROOT).replace('_', '-');

	/**
	 * Return the value as libpq and pgjdbc spell it, for example {@code verify-full}.
	 * @return the {@code sslmode} value
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Whether this mode can send traffic, passwords included, in clear text.
	 * @return {@code true} for {@code disable}, {@code allow} and {@code prefer}
	 */
	public boolean isInsecure() {
		return compareTo(REQUIRE) < 0;
	}

	/**
	 * Return the stronger of this mode and another one.
	 * @param other the other mode
	 * @return the stronger mode
	 */
	public SslMode strongest(SslMode other) {
		return (compareTo(other) >= 0) ? this : other;
	}

	/**
	 * Return the mode with the given libpq spelling; the comparison is case-sensitive,
	 * as it is in libpq.
	 * @param value the {@code sslmode} value
	 * @return the mode, or {@code null} if the value is not a libpq {@code sslmode}
	 */
	public static @Nullable SslMode fromValue(String value) {
		return Arrays.stream(values()).filter((mode) -> mode.value.equals(value)).findFirst().orElse(null);
	}

	@Override
	public String toString() {
		return this.value;
	}

}
