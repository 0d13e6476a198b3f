package io.github.herokupg.test.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes a PostgreSQL {@code SCRAM-SHA-256} password verifier on the client, so that
 * {@code CREATE ROLE ... PASSWORD} and {@code ALTER ROLE ... PASSWORD} never send the
 * plain password, and it cannot show up in a driver's trace log.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class ScramVerifier {

	private static final int ITERATIONS = 4096;

	private static final SecureRandom random = new SecureRandom();

	private ScramVerifier() {
	}

	/**
	 * Return the verifier of a password (used as is, which SASLprep leaves unchanged for
	 * the passwords of these tests).
	 * @param password the password
	 * @return {@code SCRAM-SHA-256$4096:salt$storedKey:serverKey}
	 */
	static String of(String password) {
		try {
			byte[] salt = new byte[16];
			random.nextBytes(salt);
			SecretKeyFactory factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
			// the JDK's PBKDF2 takes the password's UTF-8 bytes, as SCRAM does
			byte[] salted = factory.generateSecret(new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256))
				.getEncoded();
			byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(hmac(salted, "Client Key"));
			byte[] serverKey = hmac(salted, "Server Key");
			Base64.Encoder base64 = Base64.getEncoder();
			return "SCRAM-SHA-256$" + ITERATIONS + ":" + base64.encodeToString(salt) + "$"
					+ base64.encodeToString(storedKey) + ":" + base64.encodeToString(serverKey);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] hmac(byte[] key, String message) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
	}

}
