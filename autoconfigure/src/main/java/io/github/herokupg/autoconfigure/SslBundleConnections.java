package io.github.herokupg.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.herokupg.jdbc.SslBundleSocketFactory;
import io.github.herokupg.jdbc.SslContexts;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Connections that present the client certificate of a Spring Boot SSL bundle and verify
 * the server with its trust store, for every endpoint (direct, pooler, followers). A
 * renewed bundle ({@code reload-on-update}) reaches new physical connections; existing
 * ones finish undisturbed. The certificate is checked at startup: an expired one, or a
 * key that does not belong to it, fails with a failure analysis.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class SslBundleConnections implements DisposableBean {

	private static final Log logger = LogFactory.getLog(SslBundleConnections.class);

	private final String name;

	private final String key;

	private final Clock clock;

	private final Duration expiryWarning;

	private volatile @Nullable X509Certificate certificate;

	private final boolean trustStore;

	SslBundleConnections(SslBundles bundles, String name, Clock clock, Duration expiryWarning) {
		this.name = name;
		this.clock = clock;
		this.expiryWarning = expiryWarning;
		SslBundle bundle = bundles.getBundle(name);
		this.certificate = check(bundle);
		this.trustStore = bundle.getStores().getTrustStore() != null;
		this.key = SslContexts.register(name, bundle.createSslContext());
		bundles.addBundleUpdateHandler(name, this::update);
	}

	private void update(SslBundle bundle) {
		try {
			this.certificate = check(bundle);
			SslContexts.replace(this.key, bundle.createSslContext());
			logger.info("SSL bundle '" + this.name + "' was renewed: new database connections present "
					+ describe(this.certificate));
		}
		catch (RuntimeException ex) {
			logger.error("SSL bundle '" + this.name + "' was updated but cannot be used, connections keep the "
					+ "previous certificate: " + ex.getMessage());
		}
	}

	/**
	 * Check the bundle's client certificate, if it has one.
	 */
	private @Nullable X509Certificate check(SslBundle bundle) {
		KeyStore keyStore = bundle.getStores().getKeyStore();
		if (keyStore == null) {
			return null;
		}
		try {
			String alias = (bundle.getKey().getAlias() != null) ? bundle.getKey().getAlias()
					: Collections.list(keyStore.aliases())
						.stream()
						.filter((candidate) -> isKeyEntry(keyStore, candidate))
						.findFirst()
						.orElse(null);
			if (alias == null) {
				throw new ClientCertificateException(this.name, "is missing: the key store holds no private key");
			}
			Certificate certificate = keyStore.getCertificate(alias);
			if (!(certificate instanceof X509Certificate x509)) {
				throw new ClientCertificateException(this.name, "is missing: no X.509 certificate for the key");
			}
			if (x509.getNotAfter().toInstant().isBefore(this.clock.instant())) {
				throw new ClientCertificateException(this.name,
						"(" + describe(x509) + ") expired on " + x509.getNotAfter().toInstant());
			}
			String password = bundle.getKey().getPassword();
			Key privateKey = keyStore.getKey(alias, (password != null) ? password.toCharArray() : new char[0]);
			if (privateKey instanceof PrivateKey key && !matches(key, x509)) {
				throw new ClientCertificateException(this.name,
						"(" + describe(x509) + ") does not match the private key of the bundle");
			}
			return x509;
		}
		catch (GeneralSecurityException ex) {
			throw new ClientCertificateException(this.name, "cannot be read (" + ex.getClass().getSimpleName() + ")");
		}
	}

	private static boolean isKeyEntry(KeyStore keyStore, String alias) {
		try {
			return keyStore.isKeyEntry(alias);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	private static boolean matches(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
		String algorithm = switch (key.getAlgorithm()) {
			case "RSA" -> "SHA256withRSA";
			case "EC" -> "SHA256withECDSA";
			case "EdDSA", "Ed25519" -> "Ed25519";
			default -> null;
		};
		if (algorithm == null) {
			return true;
		}
		byte[] probe = "heroku-postgres".getBytes(StandardCharsets.UTF_8);
		Signature signer = Signature.getInstance(algorithm);
		signer.initSign(key);
		signer.update(probe);
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance(algorithm);
		verifier.initVerify(certificate.getPublicKey());
		verifier.update(probe);
		return verifier.verify(signature);
	}

	private static String describe(@Nullable X509Certificate certificate) {
		return (certificate != null) ? certificate.getSubjectX500Principal().getName() + ", serial "
				+ certificate.getSerialNumber().toString(16) : "no client certificate";
	}

	/**
	 * Whether the bundle has a trust store of its own; without one the server is verified
	 * against the JVM's default trust.
	 * @return whether the bundle has a trust store
	 */
	boolean hasTrustStore() {
		return this.trustStore;
	}

	/**
	 * Return the driver properties that make pgjdbc use the bundle.
	 * @return the properties, which nothing may override
	 */
	Map<String, String> driverProperties() {
		return Map.of("sslfactory", SslBundleSocketFactory.class.getName(), SslContexts.KEY_PROPERTY, this.key);
	}

	/**
	 * Return what operators see of the bundle: its name and the client certificate's
	 * subject, serial and expiry, never key material.
	 * @return the details
	 */
	Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("bundle", this.name);
		X509Certificate certificate = this.certificate;
		if (certificate != null) {
			Instant notAfter = certificate.getNotAfter().toInstant();
			details.put("clientCertificate", certificate.getSubjectX500Principal().getName());
			details.put("serial", certificate.getSerialNumber().toString(16));
			details.put("notAfter", notAfter.toString());
			details.put("expiresSoon", notAfter.isBefore(this.clock.instant().plus(this.expiryWarning)));
		}
		return Map.of("ssl", details);
	}

	@Override
	public void destroy() {
		SslContexts.remove(this.key);
	}

}
