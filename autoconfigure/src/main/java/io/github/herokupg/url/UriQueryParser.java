package io.github.herokupg.url;

import java.util.Map;

/**
 * Reads the query part of a connection URI as libpq's {@code conninfo_uri_parse_params}
 * does: {@code &}-separated pairs with exactly one {@code =} each, keys and values
 * percent-decoded, {@code ssl=true} as an alias of {@code sslmode=require}, unknown keys
 * refused and the last duplicate winning. pgjdbc's own property names are accepted too.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class UriQueryParser {

	private final String query;

	private final Map<String, String> keywords;

	UriQueryParser(String query, Map<String, String> keywords) {
		this.query = query;
		this.keywords = keywords;
	}

	void parse() {
		int start = 0;
		while (start < this.query.length()) {
			int end = this.query.indexOf('&', start);
			if (end < 0) {
				end = this.query.length();
			}
			parsePair(this.query.substring(start, end));
			start = end + 1;
		}
	}

	private void parsePair(String pair) {
		int equals = pair.indexOf('=');
		if (equals < 0) {
			throw new ConnectionStringSyntaxException(
					"missing key/value separator '=' in a URI query parameter (parameters are key=value, joined by '&')");
		}
		String key = PercentDecoding.decode(pair.substring(0, equals), "a URI query parameter name");
		if (pair.indexOf('=', equals + 1) >= 0) {
			throw new ConnectionStringSyntaxException("extra key/value separator '=' in URI query parameter "
					+ ConnectionStringSyntaxException.quote(key) + " (write a literal '=' in a value as %3D)");
		}
		String value = PercentDecoding.decode(pair.substring(equals + 1),
				"the value of URI query parameter " + ConnectionStringSyntaxException.quote(key));
		if (key.equals("ssl")) {
			if (!value.equals("true")) {
				throw new ConnectionStringSyntaxException(
						"URI query parameter \"ssl\" only accepts the value true (use sslmode instead)");
			}
			this.keywords.put("sslmode", "require");
			return;
		}
		if (!ParameterTranslation.isAccepted(key)) {
			throw new ConnectionStringSyntaxException("invalid URI query parameter " + ConnectionStringSyntaxException.quote(key)
					+ ": neither libpq nor pgjdbc knows it");
		}
		KeywordStore.store(this.keywords, key, value);
	}

}
