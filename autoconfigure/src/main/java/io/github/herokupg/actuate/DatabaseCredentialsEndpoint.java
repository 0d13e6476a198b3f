package io.github.herokupg.actuate;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.RefreshResult;
import io.github.herokupg.health.CredentialsDetails;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code databasecredentials} endpoint: read the credential details, or (POST)
 * refresh now, for example after {@code heroku pg:credentials:rotate}. Repeated requests
 * cannot fetch more often than {@code heroku.postgres.refresh.min-interval} allows.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@Endpoint(id = "databasecredentials")
public class DatabaseCredentialsEndpoint {

	private final DatabaseCredentials credentials;

	private final Clock clock;

	/**
	 * Create an endpoint.
	 * @param credentials the credentials
	 * @param clock the clock used for ages
	 */
	public DatabaseCredentialsEndpoint(DatabaseCredentials credentials, Clock clock) {
		this.credentials = credentials;
		this.clock = clock;
	}

	@ReadOperation
	public Map<String, Object> credentials() {
		return CredentialsDetails.of(this.credentials.status(), this.clock);
	}

	@WriteOperation
	public Map<String, Object> refresh() {
		RefreshResult result = this.credentials.requestRefresh();
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("outcome", result.outcome().value());
		if (result.reason() != null) {
			response.put("reason", result.reason());
		}
		response.put("generation", result.generation());
		return response;
	}

}
