package io.github.herokupg.url;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code postgres://} or {@code postgresql://} URI the way libpq's
 * {@code conninfo_uri_parse_options} does: the user information ends at the first
 * {@code @} (when no {@code /} comes first), the user at the first {@code :}, hosts are
 * separated by {@code ,} with IPv6 addresses in brackets, the database runs to
 * {@code ?}, and there is no fragment. Error messages never quote the input.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class UriConnectionStringParser {

	private static final String[] PREFIXES = { "postgresql://", "postgres://" };

	private final String text;

	private final Map<String, String> keywords = new LinkedHashMap<>();

	private int position;

	UriConnectionStringParser(String text) {
		this.text = text;
	}

	static boolean isUri(String text) {
		return text.startsWith(PREFIXES[0]) || text.startsWith(PREFIXES[1]);
	}

	Map<String, String> parse() {
		this.position = (this.text.startsWith(PREFIXES[0]) ? PREFIXES[0] : PREFIXES[1]).length();
		parseUserInfo();
		parseHosts();
		if (peek() == '/') {
			this.position++;
			int end = indexOfOrEnd('?', this.position);
			store("dbname", PercentDecoding.decode(this.text.substring(this.position, end), "the database name"));
			this.position = end;
		}
		if (peek() == '?') {
			new UriQueryParser(this.text.substring(this.position + 1), this.keywords).parse();
		}
		return this.keywords;
	}

	private void parseUserInfo() {
		int at = this.position;
		while (at < this.text.length() && this.text.charAt(at) != '@' && this.text.charAt(at) != '/') {
			at++;
		}
		if (at >= this.text.length() || this.text.charAt(at) != '@') {
			return;
		}
		String userInfo = this.text.substring(this.position, at);
		int colon = userInfo.indexOf(':');
		String user = (colon >= 0) ? userInfo.substring(0, colon) : userInfo;
		store("user", PercentDecoding.decode(user, "the user name"));
		if (colon >= 0) {
			store("password", PercentDecoding.decode(userInfo.substring(colon + 1), "the password"));
		}
		this.position = at + 1;
	}

	private void parseHosts() {
		StringBuilder hosts = new StringBuilder();
		StringBuilder ports = new StringBuilder();
		while (true) {
			if (peek() == '[') {
				int close = this.text.indexOf(']', this.position + 1);
				if (close < 0) {
					throw new ConnectionStringSyntaxException(
							"end of string reached when looking for the ']' closing an IPv6 host address");
				}
				if (close == this.position + 1) {
					throw new ConnectionStringSyntaxException("an IPv6 host address may not be empty");
				}
				hosts.append(this.text, this.position + 1, close);
				this.position = close + 1;
				char next = peek();
				if (next != ':' && next != '/' && next != '?' && next != ',' && next != 0) {
					throw new ConnectionStringSyntaxException("unexpected character at position "
							+ (this.position + 1) + " after an IPv6 host address (expected ':' or '/')");
				}
			}
			else {
				int end = this.position;
				while (end < this.text.length() && ":/?,".indexOf(this.text.charAt(end)) < 0) {
					end++;
				}
				hosts.append(this.text, this.position, end);
				this.position = end;
			}
			if (peek() == ':') {
				int end = this.position + 1;
				while (end < this.text.length() && "/?,".indexOf(this.text.charAt(end)) < 0) {
					end++;
				}
				ports.append(this.text, this.position + 1, end);
				this.position = end;
			}
			if (peek() != ',') {
				break;
			}
			hosts.append(',');
			ports.append(',');
			this.position++;
		}
		store("host", PercentDecoding.decode(hosts.toString(), "the host"));
		store("port", PercentDecoding.decode(ports.toString(), "the port"));
	}

	private void store(String keyword, String value) {
		// libpq does not store empty values taken from the URI's authority and path; a port
		// list of empty items (",,") is not empty: it still counts one port per host
		if (!value.isEmpty()) {
			this.keywords.put(keyword, value);
		}
	}

	private char peek() {
		return (this.position < this.text.length()) ? this.text.charAt(this.position) : 0;
	}

	private int indexOfOrEnd(char ch, int from) {
		int index = this.text.indexOf(ch, from);
		return (index >= 0) ? index : this.text.length();
	}

}
