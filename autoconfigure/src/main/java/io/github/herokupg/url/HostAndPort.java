package io.github.herokupg.url;

import java.util.regex.Pattern;

/**
 * One server of a (possibly multi-host) connection string.
 *
 * @param host the host name or IP address, IPv6 without brackets
 * @param port the TCP port, 1 to 65535
 * @author heroku-postgres-spring-boot-starter contributors
 */
public record HostAndPort(String host, int port) {

	/** The port PostgreSQL listens on when none is given. */
	public static final int DEFAULT_PORT = 5432;

	private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

	private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127\\." + OCTET + "\\." + OCTET + "\\." + OCTET);

	/**
	 * Whether a host is a loopback literal: {@code localhost}, {@code ::1} (with or
	 * without brackets) or an IPv4 address {@code 127.x.y.z}; never a name that merely
	 * starts with {@code 127.}.
	 * @param host the host as written
	 * @return whether it is a loopback literal
	 */
	public static boolean isLoopbackLiteral(String host) {
		return host.equals("localhost") || host.equals("::1") || host.equals("[::1]")
				|| LOOPBACK_IPV4.matcher(host).matches();
	}

	/**
	 * Return the host as it must appear in a URL: IPv6 addresses in brackets.
	 * @return the host for a URL
	 */
	public String urlHost() {
		return (this.host.indexOf(':') >= 0) ? "[" + this.host + "]" : this.host;
	}

	@Override
	public String toString() {
		return urlHost() + ":" + this.port;
	}

}
