package io.github.herokupg.testsupport;

import java.util.function.Supplier;

import io.github.herokupg.credentials.source.CredentialSource;

/**
 * A {@link CredentialSource} whose fetches a test supplies.
 *
 * @param type the source type to report
 * @param supplier what each fetch returns (or throws)
 * @author heroku-postgres-spring-boot-starter contributors
 */
public record SuppliedCredentialSource(String type, Supplier<String> supplier) implements CredentialSource {

	@Override
	public String fetch() {
		return this.supplier.get();
	}

	@Override
	public String location() {
		return "test";
	}

}
