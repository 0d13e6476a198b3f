package io.github.herokupg.testsupport;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.herokupg.credentials.source.ConnectionStrings;
import io.github.herokupg.credentials.source.CredentialSource;

/**
 * Counts the fetches of another source.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class CountingCredentialSource implements CredentialSource {

	private final CredentialSource delegate;

	private final AtomicInteger fetches = new AtomicInteger();

	public CountingCredentialSource(CredentialSource delegate) {
		this.delegate = delegate;
	}

	@Override
	public String fetch() {
		this.fetches.incrementAndGet();
		return this.delegate.fetch();
	}

	@Override
	public ConnectionStrings fetchWith(Collection<String> variables) {
		this.fetches.incrementAndGet();
		return this.delegate.fetchWith(variables);
	}

	public int fetches() {
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
