package io.github.herokupg.test.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away CA and a server certificate for {@code localhost}, {@code 127.0.0.1} and
 * {@code ::1}, generated at test time and written as PEM files.
 *
 * @param caCertificate the CA certificate (what {@code sslrootcert} points to)
 * @param serverCertificate the server certificate
 * @param serverKey the server's private key, readable only by its owner
 * @author heroku-postgres-spring-boot-starter contributors
 */
public record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey) {

	/**
	 * Generate a CA and a server certificate into a directory.
	 * @param directory where to write {@code ca.crt}, {@code server.crt} and
	 * {@code server.key}
	 * @return the files written
	 */
	public static TestCertificates generate(Path directory) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair caKeys = generator.generateKeyPair();
			KeyPair serverKeys = generator.generateKeyPair();
			X500Name caName = new X500Name("CN=heroku-postgres test CA");
			Instant now = Instant.now();
			X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE,
					Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), caName,
					caKeys.getPublic());
			ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
			ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			X509CertificateHolder caCertificate = ca
				.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate()));
			X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caName, BigInteger.TWO,
					Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
					new X500Name("CN=localhost"), serverKeys.getPublic());
			server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			server.addExtension(Extension.keyUsage, true,
					new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
			server.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
			server.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
							new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
							new GeneralName(GeneralName.iPAddress, "::1") }));
			X509CertificateHolder serverCertificate = server
				.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate()));
			TestCertificates files = new TestCertificates(directory.resolve("ca.crt"),
					directory.resolve("server.crt"), directory.resolve("server.key"));
			writePem(files.caCertificate(), caCertificate);
			writePem(files.serverCertificate(), serverCertificate);
			writePem(files.serverKey(), serverKeys.getPrivate());
			writePem(directory.resolve("ca.key"), caKeys.getPrivate());
			Files.setPosixFilePermissions(files.serverKey(), PosixFilePermissions.fromString("rw-------"));
			return files;
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Could not generate test certificates", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Issue a client certificate from this CA, as {@code heroku data:mtls} does.
	 * @param commonName the certificate's common name
	 * @param serial its serial number
	 * @param notAfter its end of validity
	 * @param certificate where to write the certificate (PEM)
	 * @param key where to write its private key (PEM, PKCS#1 for RSA as OpenSSL writes it)
	 */
	public void issueClient(String commonName, long serial, Instant notAfter, Path certificate, Path key) {
		try {
			PrivateKey caKey;
			try (PEMParser parser = new PEMParser(Files.newBufferedReader(this.caCertificate.resolveSibling("ca.key")))) {
				caKey = new JcaPEMKeyConverter().getPrivateKey(((PEMKeyPair) parser.readObject()).getPrivateKeyInfo());
			}
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair keys = generator.generateKeyPair();
			X509v3CertificateBuilder client = new JcaX509v3CertificateBuilder(
					new X500Name("CN=heroku-postgres test CA"), BigInteger.valueOf(serial),
					Date.from(Instant.now().minus(Duration.ofDays(2))), Date.from(notAfter),
					new X500Name("CN=" + commonName), keys.getPublic());
			client.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			client.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
			X509CertificateHolder holder = client.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKey));
			Path newCertificate = certificate.resolveSibling(certificate.getFileName() + ".new");
			Path newKey = key.resolveSibling(key.getFileName() + ".new");
			writePem(newCertificate, holder);
			writePem(newKey, keys.getPrivate());
			Files.move(newKey, key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			Files.move(newCertificate, certificate, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Could not issue a client certificate", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void writePem(Path file, Object object) throws IOException {
		try (Writer writer = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(writer)) {
			pem.writeObject(object);
		}
	}

}
