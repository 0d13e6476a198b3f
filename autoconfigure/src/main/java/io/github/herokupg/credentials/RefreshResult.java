package io.github.herokupg.credentials;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What one refresh of the credentials did.
 *
 * @param outcome the outcome
 * @param reason why the refresh failed or was skipped, free of secrets; {@code null}
 * when there is nothing to say
 * @param generation the current generation after the refresh
 * @author heroku-postgres-spring-boot-starter contributors
 */
public record RefreshResult(Outcome outcome, @Nullable String reason, long generation) {

	/**
	 * The outcome of a refresh.
	 */
	public enum Outcome {

		/** New credentials or hosts were fetched, accepted and made current. */
		CHANGED,

		/** The source gave the credentials already held (or the fetch was skipped). */
		UNCHANGED,

		/** The fetch failed or the database rejected the new credentials. */
		FAILED;

		/**
		 * Return the outcome as it appears in responses and metric tags.
		 * @return the lower-case name
		 */
		public String value() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
