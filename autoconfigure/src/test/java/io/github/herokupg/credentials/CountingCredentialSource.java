package io.github.herokupg.credentials;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the fetches of another source.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class CountingCredentialSource implements CredentialSource {

	private final CredentialSource delegate;

	private final AtomicInteger fetches = new AtomicInteger();

	CountingCredentialSource(CredentialSource delegate) {
		this.delegate = delegate;
	}

	@Override
	public String fetch() {
		this.fetches.incrementAndGet();
		return this.delegate.fetch();
	}

	int fetches() {
		return this.fetches.get();
	}

	@Override
	public String type() {
		return this.delegate.type();
	}

	@Override
	public String location() {
		return this.delegate.location();
	}

}
