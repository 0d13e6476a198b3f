package io.github.herokupg.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.herokupg.credentials.CredentialsStatus;
import io.github.herokupg.url.DatabaseUrl;
import io.github.herokupg.url.HostAndPort;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What operators see about the credentials, in the {@code databasecredentials} endpoint
 * and (as a map) in the health details: never the password or a token.
 *
 * @param source the source's type and where it reads from
 * @param host the first host
 * @param port the first host's port
 * @param hosts every host, when there are several
 * @param database the database name
 * @param user the masked user name
 * @param sslMode the effective SSL mode
 * @param fingerprint a short hash of the credentials, to tell generations apart
 * @param generation the credentials' generation, 1 for the first load
 * @param accepted whether the database accepts the current credentials
 * @param lastRefresh when a fetch last succeeded
 * @param lastChange when the credentials last changed
 * @param secondsSinceLastChange the age of the current credentials
 * @param changes how many times the credentials changed after the first load
 * @param consecutiveFailures how many fetches in a row failed
 * @param lastError the last failure, masked
 * @param refreshes how many refreshes ended with each outcome
 * @param hostChanges how many changes moved the endpoint to other hosts
 * @param lastServerFailure the last failure that said the host cannot be reached, is
 * shutting down or turned read-only, and what the fetch it triggered found
 * @author heroku-postgres-spring-boot-starter contributors
 */
public record CredentialsDescriptor(Map<String, String> source, String host, int port, @Nullable List<String> hosts,
		String database, String user, String sslMode, String fingerprint, long generation, boolean accepted,
		@Nullable String lastRefresh, String lastChange, long secondsSinceLastChange, long changes,
		long consecutiveFailures, @Nullable String lastError, Map<String, Long> refreshes, long hostChanges,
		@Nullable String lastServerFailure) implements OperationResponseBody {

	/**
	 * Describe a status.
	 * @param status the status
	 * @param clock the clock used for ages
	 * @return the descriptor
	 */
	public static CredentialsDescriptor of(CredentialsStatus status, Clock clock) {
		DatabaseUrl url = status.snapshot().url();
		HostAndPort first = url.hosts().get(0);
		Map<String, Long> refreshes = new LinkedHashMap<>();
		status.refreshes().forEach((outcome, count) -> refreshes.put(outcome.value(), count));
		Instant lastRefresh = status.lastRefresh();
		return new CredentialsDescriptor(Map.of("type", status.sourceType(), "location", status.sourceLocation()),
				first.host(), first.port(),
				(url.hosts().size() > 1) ? url.hosts().stream().map(HostAndPort::toString).toList() : null,
				(url.database() != null) ? url.database() : "(user name)", String.valueOf(url.maskedUsername()),
				url.sslMode().value(), url.fingerprint(), status.snapshot().generation(), !status.rejected(),
				(lastRefresh != null) ? lastRefresh.toString() : null, status.lastChange().toString(),
				Duration.between(status.lastChange(), Instant.now(clock)).toSeconds(), status.changes(),
				status.consecutiveFailures(), status.lastError(), refreshes, status.hostChanges(),
				status.lastServerFailure());
	}

	/**
	 * Return the details as health details: in a stable order, without absent values.
	 * @return the details
	 */
	public Map<String, Object> asMap() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("source", this.source);
		details.put("host", this.host);
		details.put("port", this.port);
		putIfPresent(details, "hosts", this.hosts);
		details.put("database", this.database);
		details.put("user", this.user);
		details.put("sslMode", this.sslMode);
		details.put("fingerprint", this.fingerprint);
		details.put("generation", this.generation);
		details.put("accepted", this.accepted);
		putIfPresent(details, "lastRefresh", this.lastRefresh);
		details.put("lastChange", this.lastChange);
		details.put("secondsSinceLastChange", this.secondsSinceLastChange);
		details.put("changes", this.changes);
		details.put("consecutiveFailures", this.consecutiveFailures);
		putIfPresent(details, "lastError", this.lastError);
		details.put("refreshes", this.refreshes);
		details.put("hostChanges", this.hostChanges);
		putIfPresent(details, "lastServerFailure", this.lastServerFailure);
		return details;
	}

	private static void putIfPresent(Map<String, Object> details, String name, @Nullable Object value) {
		if (value != null) {
			details.put(name, value);
		}
	}

}
