package io.github.herokupg.jdbc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Properties;

import javax.net.ssl.SSLSocketFactory;

/**
 * The SSL socket factory pgjdbc is given ({@code sslfactory}) when connections present a
 * client certificate from a Spring Boot SSL bundle: pgjdbc instantiates it by class name
 * for each connection, with the connection properties, and it delegates to the current
 * context of the bundle that {@link SslContexts#KEY_PROPERTY} names.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class SslBundleSocketFactory extends SSLSocketFactory {

	private final SSLSocketFactory delegate;

	/**
	 * Create the factory of one connection.
	 * @param info the connection properties
	 */
	public SslBundleSocketFactory(Properties info) {
		String key = info.getProperty(SslContexts.KEY_PROPERTY);
		if (key == null) {
			throw new IllegalStateException(SslContexts.KEY_PROPERTY + " is not set");
		}
		this.delegate = SslContexts.socketFactory(key);
	}

	@Override
	public String[] getDefaultCipherSuites() {
		return this.delegate.getDefaultCipherSuites();
	}

	@Override
	public String[] getSupportedCipherSuites() {
		return this.delegate.getSupportedCipherSuites();
	}

	@Override
	public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
		return this.delegate.createSocket(socket, host, port, autoClose);
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return this.delegate.createSocket(host, port);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return this.delegate.createSocket(host, port, localHost, localPort);
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return this.delegate.createSocket(host, port);
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return this.delegate.createSocket(address, port, localAddress, localPort);
	}

}
