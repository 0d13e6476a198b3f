package io.github.herokupg.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.herokupg.credentials.CredentialsStatus;
import io.github.herokupg.url.DatabaseUrl;
import io.github.herokupg.url.HostAndPort;

/**
 * The details operators see about the credentials, shared by the health indicator and
 * the endpoint: never the password or a token.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class CredentialsDetails {

	private CredentialsDetails() {
	}

	/**
	 * Describe a status.
	 * @param status the status
	 * @param clock the clock used for ages
	 * @return the details, in a stable order
	 */
	public static Map<String, Object> of(CredentialsStatus status, Clock clock) {
		DatabaseUrl url = status.snapshot().url();
		HostAndPort first = url.hosts().get(0);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("source", Map.of("type", status.sourceType(), "location", status.sourceLocation()));
		details.put("host", first.host());
		details.put("port", first.port());
		if (url.hosts().size() > 1) {
			details.put("hosts", url.hosts().stream().map(HostAndPort::toString).collect(Collectors.toList()));
		}
		details.put("database", (url.database() != null) ? url.database() : "(user name)");
		details.put("user", String.valueOf(url.maskedUsername()));
		details.put("sslMode", url.sslMode().value());
		details.put("fingerprint", url.fingerprint());
		details.put("generation", status.snapshot().generation());
		details.put("accepted", !status.rejected());
		if (status.lastRefresh() != null) {
			details.put("lastRefresh", status.lastRefresh().toString());
		}
		details.put("lastChange", status.lastChange().toString());
		details.put("secondsSinceLastChange", Duration.between(status.lastChange(), Instant.now(clock)).toSeconds());
		details.put("changes", status.changes());
		details.put("consecutiveFailures", status.consecutiveFailures());
		if (status.lastError() != null) {
			details.put("lastError", status.lastError());
		}
		Map<String, Long> refreshes = new LinkedHashMap<>();
		status.refreshes().forEach((outcome, count) -> refreshes.put(outcome.value(), count));
		details.put("refreshes", refreshes);
		return details;
	}


}
