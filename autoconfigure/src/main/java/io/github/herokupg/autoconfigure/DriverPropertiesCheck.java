package io.github.herokupg.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.herokupg.url.DriverPropertyPolicy;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Refuses, at startup, the extra driver properties of any pool that could weaken TLS,
 * change who logs in or supply credentials: the main pool's
 * {@code spring.datasource.hikari.data-source-properties}, the followers'
 * {@code heroku.postgres.replica.hikari.data-source-properties} and each attachment's
 * {@code heroku.postgres.databases.<name>.hikari.data-source-properties}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class DriverPropertiesCheck {

	static final String MAIN = "spring.datasource.hikari.data-source-properties";

	static final String FOLLOWERS = "heroku.postgres.replica.hikari.data-source-properties";

	/**
	 * Return the prefix of an attached database's extra driver properties.
	 * @param name the attachment's name
	 * @return the prefix
	 */
	static String attachment(String name) {
		return "heroku.postgres.databases." + name + ".hikari.data-source-properties";
	}

	/**
	 * Bind the extra driver properties below a prefix.
	 * @param binder the binder
	 * @param prefix the prefix
	 * @return the properties, empty when there are none
	 */
	static Map<String, String> bind(Binder binder, String prefix) {
		return binder.bind(prefix, Bindable.mapOf(String.class, String.class)).orElseGet(Map::of);
	}

	private DriverPropertiesCheck() {
	}

	/**
	 * Check every pool's extra driver properties.
	 * @param binder the binder of the environment
	 * @param properties the starter's properties (for the attachments' names)
	 * @throws RefusedDriverPropertyException for the first refused property
	 */
	static void check(Binder binder, HerokuPostgresProperties properties) {
		List<String> prefixes = new ArrayList<>(List.of(MAIN, FOLLOWERS));
		properties.getDatabases()
			.keySet()
			.forEach((name) -> prefixes.add(attachment(name)));
		for (String prefix : prefixes) {
			check(prefix, binder.bind(prefix, Bindable.mapOf(String.class, Object.class)).orElseGet(Map::of));
		}
	}

	/**
	 * Check one map of extra driver properties.
	 * @param prefix the property prefix the map was bound from
	 * @param driverProperties the map
	 * @throws RefusedDriverPropertyException for the first refused property
	 */
	static void check(String prefix, Map<String, ?> driverProperties) {
		for (String name : driverProperties.keySet()) {
			String reason = DriverPropertyPolicy.refusalInDriverProperties(name);
			if (reason != null) {
				throw new RefusedDriverPropertyException(prefix + "." + name, reason);
			}
		}
	}

}
