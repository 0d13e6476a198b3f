package io.github.herokupg.autoconfigure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;

/**
 * Warns at startup when the PostgreSQL JDBC driver on the class path is older than
 * 42.7.12: pgjdbc 42.7.4 to 42.7.11 silently downgrade {@code channelBinding=require}
 * (CVE-2026-54291, fixed in 42.7.12). The version is read from the driver at run time,
 * not from a compile-time constant.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class PgjdbcVersionCheck {

	private static final Log logger = LogFactory.getLog(PgjdbcVersionCheck.class);

	private static final int[] FIXED = { 42, 7, 12 };

	private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

	private PgjdbcVersionCheck() {
	}

	// Driver.getVersion() is deprecated for DriverInfo's constants, which a compiler
	// inlines: they would name the driver this was compiled against, not the one running
	@SuppressWarnings("deprecation")
	static void warnIfVulnerable() {
		String warning = warningFor(Driver.getVersion());
		if (warning != null) {
			logger.warn(warning);
		}
	}

	/**
	 * Return the warning for a driver version, if it has a known hole.
	 * @param driverVersion the driver's version, such as {@code 42.7.11} or
	 * {@code PostgreSQL JDBC Driver 42.7.11}
	 * @return the warning, or {@code null}
	 */
	static @Nullable String warningFor(String driverVersion) {
		Matcher matcher = VERSION.matcher(driverVersion);
		if (!matcher.find()) {
			return null;
		}
		int[] version = { Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
				Integer.parseInt(matcher.group(3)) };
		if (compare(version, FIXED) >= 0) {
			return null;
		}
		return "The PostgreSQL JDBC driver on the class path is " + matcher.group()
				+ ": versions 42.7.4 to 42.7.11 silently downgrade channelBinding=require (CVE-2026-54291). "
				+ "Upgrade it to 42.7.12 or later; with Spring Boot's dependency management, set the property "
				+ "postgresql.version, for example <postgresql.version>42.7.14</postgresql.version>.";
	}

	private static int compare(int[] left, int[] right) {
		for (int i = 0; i < left.length; i++) {
			if (left[i] != right[i]) {
				return Integer.compare(left[i], right[i]);
			}
		}
		return 0;
	}

}
