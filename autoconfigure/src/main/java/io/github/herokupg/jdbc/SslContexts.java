package io.github.herokupg.jdbc;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * The TLS contexts that {@link SslBundleSocketFactory} hands to pgjdbc, by key. pgjdbc
 * creates its SSL socket factory by class name for each new connection and passes it
 * the connection properties, so a key in those properties is how a factory finds the
 * current context of its SSL bundle; replacing the context (a renewed certificate)
 * reaches the next connection.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class SslContexts {

	/** The connection property that carries the key. */
	public static final String KEY_PROPERTY = "herokuPostgresSslContext";

	private static final Map<String, SSLContext> contexts = new ConcurrentHashMap<>();

	private SslContexts() {
	}

	/**
	 * Register a context under a new key.
	 * @param name a readable part of the key, such as the bundle's name
	 * @param context the context
	 * @return the key
	 */
	public static String register(String name, SSLContext context) {
		String key = name + "@" + UUID.randomUUID();
		contexts.put(key, context);
		return key;
	}

	/**
	 * Replace the context of a key, for connections opened from now on.
	 * @param key the key
	 * @param context the new context
	 */
	public static void replace(String key, SSLContext context) {
		contexts.replace(key, context);
	}

	/**
	 * Forget a key.
	 * @param key the key
	 */
	public static void remove(String key) {
		contexts.remove(key);
	}

	static SSLSocketFactory socketFactory(String key) {
		SSLContext context = contexts.get(key);
		if (context == null) {
			throw new IllegalStateException("No SSL bundle is registered under " + key);
		}
		return context.getSocketFactory();
	}

}
