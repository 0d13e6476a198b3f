package io.github.herokupg.url;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The first parsing stage: a connection string read into libpq keywords exactly as libpq
 * stores them ({@code host} and {@code port} as comma-separated lists, query parameters
 * in order of first appearance, the last duplicate winning). Nothing is validated beyond
 * the grammar; {@link DatabaseUrl} applies this project's policy on top.
 *
 * @param uri whether the string was a {@code postgres://} URI rather than keyword/value
 * @param keywords the libpq keywords and their decoded values
 * @author heroku-postgres-spring-boot-starter contributors
 */
record ConnectionString(boolean uri, Map<String, String> keywords) {

	ConnectionString {
		keywords = Collections.unmodifiableMap(keywords);
	}

	/**
	 * Return the keywords' names only: the password and the client key's password are
	 * among the values.
	 * @return a description free of secrets
	 */
	@Override
	public String toString() {
		return "ConnectionString[uri=" + this.uri + ", keywords=" + this.keywords.keySet() + "]";
	}

	/**
	 * Parse a connection string in either of libpq's two forms.
	 * @param text the connection string, already trimmed
	 * @return the parsed keywords
	 * @throws ConnectionStringSyntaxException if the string breaks libpq's grammar
	 */
	private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:");

	static ConnectionString parse(String text) {
		if (UriConnectionStringParser.isUri(text)) {
			return new ConnectionString(true, new UriConnectionStringParser(text).parse());
		}
		if (SCHEME.matcher(text).lookingAt()) {
			throw new ConnectionStringSyntaxException("it must start with postgres:// or postgresql:// (in lower "
					+ "case); other schemes, JDBC URLs included, are not PostgreSQL connection URIs");
		}
		return new ConnectionString(false, new KeywordValueConnectionStringParser(text).parse());
	}

	@Nullable String get(String keyword) {
		return this.keywords.get(keyword);
	}

	/**
	 * Pair the {@code host} list with the {@code port} list as libpq does: a single port
	 * applies to every host, otherwise the counts must match; an empty port is the
	 * default one.
	 * @return the servers; without a host, one with an empty host (the default socket)
	 * @throws ConnectionStringSyntaxException if the counts do not match
	 */
	List<Server> servers() {
		String host = get("host");
		String[] hosts = (host != null) ? host.split(",", -1) : new String[] { "" };
		String port = get("port");
		String[] ports = (port != null) ? port.split(",", -1) : new String[] { "" };
		if (ports.length != 1 && ports.length != hosts.length) {
			throw new ConnectionStringSyntaxException(
					"could not match " + ports.length + " port numbers to " + hosts.length + " hosts");
		}
		List<Server> servers = new ArrayList<>(hosts.length);
		for (int i = 0; i < hosts.length; i++) {
			servers.add(new Server(hosts[i], (ports.length == 1) ? ports[0] : ports[i]));
		}
		return servers;
	}

	/**
	 * One host and its port, as written (the port not yet checked).
	 *
	 * @param host the host, empty for the default Unix-domain socket
	 * @param port the port, empty for the default
	 */
	record Server(String host, String port) {

	}

}
