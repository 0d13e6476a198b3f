package io.github.herokupg.credentials;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What operators need to know about the credentials: which they are (without the
 * secret), where they came from, when they were last refreshed and changed, and whether
 * the database accepts them.
 *
 * @param snapshot the current credentials
 * @param sourceType the source type, for example {@code heroku-api}
 * @param sourceLocation where the source reads from, free of secrets
 * @param rejected whether the database rejected the current credentials and no newer
 * ones could be fetched since
 * @param lastRefresh when a fetch last succeeded, or {@code null}
 * @param lastChange when the credentials last changed (the first load included)
 * @param changes how many times the credentials changed after the first load
 * @param consecutiveFailures how many fetches in a row failed
 * @param lastError the last failure, masked, or {@code null}
 * @param refreshes how many refreshes ended with each outcome
 * @param sourceDenied whether the source refused access for good at the last fetch (such
 * as a token the Heroku API rejects)
 * @param hostChanges how many changes moved the endpoint to other hosts
 * @param lastServerFailure the last failure that said the host cannot be reached, is
 * shutting down or turned read-only, what it triggered and what the fetch found, or
 * {@code null}
 * @param rejections how many logins the database refused with a password rejection
 * (SQL state {@code 28P01}, or PgBouncer's authentication failure)
 * @author heroku-postgres-spring-boot-starter contributors
 */
public record CredentialsStatus(CredentialsSnapshot snapshot, String sourceType, String sourceLocation,
		boolean rejected, @Nullable Instant lastRefresh, Instant lastChange, long changes, int consecutiveFailures,
		@Nullable String lastError, Map<RefreshResult.Outcome, Long> refreshes, boolean sourceDenied, long hostChanges,
		@Nullable String lastServerFailure, long rejections) {

}
