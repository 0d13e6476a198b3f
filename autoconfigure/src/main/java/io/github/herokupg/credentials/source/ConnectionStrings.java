package io.github.herokupg.credentials.source;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What one fetch from a {@link CredentialSource} answered: the source's own connection
 * string, and those of the further config vars asked for that are set.
 *
 * @param primary the source's own connection string
 * @param others further config vars by name, such as
 * {@code DATABASE_CONNECTION_POOL_URL}; absent when not set
 * @author heroku-postgres-spring-boot-starter contributors
 */
public record ConnectionStrings(String primary, Map<String, String> others) {

	/**
	 * Create an instance.
	 * @param primary the source's own connection string
	 * @param others further config vars by name
	 */
	public ConnectionStrings {
		others = Map.copyOf(others);
	}

	/**
	 * Return the value of a further config var.
	 * @param variable the variable
	 * @return its value, or {@code null} when it is not set
	 */
	public @Nullable String get(String variable) {
		return this.others.get(variable);
	}

	/**
	 * Return the names of the config vars only: every value may carry a password.
	 * @return a description free of secrets
	 */
	@Override
	public String toString() {
		return "ConnectionStrings[primary=******, others=" + this.others.keySet() + "]";
	}

}
