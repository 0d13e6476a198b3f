package io.github.herokupg.url;

import org.jspecify.annotations.Nullable;

/**
 * The application's SSL requirements, applied on top of what a connection string asks
 * for: the stronger of the two modes wins, and insecure modes are refused unless
 * explicitly allowed.
 *
 * @param mode the minimum mode the application asks for, or {@code null} to take the
 * connection string's mode, {@code require} when it names none
 * @param rootCert the PEM file of the CA that signs the server certificate, or
 * {@code null}
 * @param allowInsecure whether {@code disable}, {@code allow} and {@code prefer} are
 * permitted (local development only)
 * @param plainOnLoopback whether a connection string that asks for no SSL mode and names
 * loopback hosts only may connect without TLS ({@code prefer}): Heroku CI's in-dyno
 * databases have no TLS
 * @param bundle how an SSL bundle in force verifies the server, if one is
 * @author heroku-postgres-spring-boot-starter contributors
 */
public record SslSettings(@Nullable SslMode mode, @Nullable String rootCert, boolean allowInsecure,
		boolean plainOnLoopback, BundleTrust bundle) {

	/** The default: {@code require} unless the connection string asks for more. */
	public static final SslSettings DEFAULT = new SslSettings(null, null, false);

	/**
	 * Create settings without the loopback exception.
	 * @param mode the minimum mode, or {@code null}
	 * @param rootCert the CA file, or {@code null}
	 * @param allowInsecure whether insecure modes are permitted
	 */
	public SslSettings(@Nullable SslMode mode, @Nullable String rootCert, boolean allowInsecure) {
		this(mode, rootCert, allowInsecure, false);
	}

	/**
	 * Create settings without an SSL bundle.
	 * @param mode the minimum mode, or {@code null}
	 * @param rootCert the CA file, or {@code null}
	 * @param allowInsecure whether insecure modes are permitted
	 * @param plainOnLoopback whether loopback-only strings without a mode may go plain
	 */
	public SslSettings(@Nullable SslMode mode, @Nullable String rootCert, boolean allowInsecure,
			boolean plainOnLoopback) {
		this(mode, rootCert, allowInsecure, plainOnLoopback, BundleTrust.NONE);
	}

	/**
	 * How the server is verified when an SSL bundle supplies the TLS socket factory.
	 */
	public enum BundleTrust {

		/** No bundle: the connection string's CA file or the JVM's trust store. */
		NONE,

		/** A bundle with a trust store of its own. */
		TRUST_STORE,

		/** A bundle without a trust store: the JVM's default trust. */
		JVM_TRUST

	}

}
