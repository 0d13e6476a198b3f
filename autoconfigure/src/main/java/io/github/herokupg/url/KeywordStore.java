package io.github.herokupg.url;

import java.util.Map;

/**
 * Stores one keyword as libpq's {@code conninfo_storeval} does: {@code requiressl} is
 * translated to {@code sslmode}, and a later value replaces an earlier one.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class KeywordStore {

	private KeywordStore() {
	}

	static void store(Map<String, String> keywords, String keyword, String value) {
		if (keyword.equals("requiressl")) {
			keywords.put("sslmode", value.startsWith("1") ? "require" : "prefer");
			return;
		}
		keywords.put(keyword, value);
	}

}
