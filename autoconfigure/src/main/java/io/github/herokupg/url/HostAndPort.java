package io.github.herokupg.url;

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
