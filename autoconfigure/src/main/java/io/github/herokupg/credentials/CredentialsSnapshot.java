package io.github.herokupg.credentials;

import java.time.Instant;

import io.github.herokupg.url.DatabaseUrl;

/**
 * One immutable set of credentials and servers, with the generation that identifies it:
 * each change of credentials or hosts makes a new generation.
 *
 * @param url the parsed connection string
 * @param generation starts at 1 and grows by one with each change
 * @param fetchedAt when these credentials were fetched
 * @author heroku-postgres-spring-boot-starter contributors
 */
public record CredentialsSnapshot(DatabaseUrl url, long generation, Instant fetchedAt) {

	@Override
	public String toString() {
		return "CredentialsSnapshot[generation=" + this.generation + ", url=" + this.url + ", fingerprint="
				+ this.url.fingerprint() + "]";
	}

}
