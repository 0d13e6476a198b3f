package io.github.herokupg.actuate;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.health.CredentialsDescriptor;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
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

	private final DatabaseEndpoints endpoints;

	private final Clock clock;

	/**
	 * Create an endpoint.
	 * @param endpoints the database endpoints
	 * @param clock the clock used for ages
	 */
	public DatabaseCredentialsEndpoint(DatabaseEndpoints endpoints, Clock clock) {
		this.endpoints = endpoints;
		this.clock = clock;
	}

	@ReadOperation
	public DatabaseCredentialsDescriptor credentials() {
		Map<String, CredentialsDescriptor> descriptors = new LinkedHashMap<>();
		this.endpoints.all()
			.forEach((name, credentials) -> descriptors.put(name, CredentialsDescriptor.of(credentials.status(),
					this.clock)));
		return new DatabaseCredentialsDescriptor(descriptors);
	}

	/**
	 * Fetch now: one fetch of the source refreshes every endpoint.
	 * @return the direct endpoint's outcome
	 */
	@WriteOperation
	public RefreshResponse refresh() {
		return RefreshResponse.of(this.endpoints.direct().requestRefresh());
	}

	/**
	 * The credentials of every endpoint.
	 *
	 * @param endpoints the descriptor of each endpoint, {@code direct} first
	 */
	public record DatabaseCredentialsDescriptor(Map<String, CredentialsDescriptor> endpoints)
			implements OperationResponseBody {

		/**
		 * Return the direct endpoint's descriptor.
		 * @return the descriptor
		 */
		public CredentialsDescriptor direct() {
			return Objects.requireNonNull(this.endpoints.get(DatabaseEndpoints.DIRECT));
		}

	}

}
