package io.github.herokupg.actuate;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.credentials.PooledConnections;
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

	private final Supplier<Map<String, PooledConnections>> pools;

	/**
	 * Create an endpoint.
	 * @param endpoints the database endpoints
	 * @param clock the clock used for ages
	 */
	public DatabaseCredentialsEndpoint(DatabaseEndpoints endpoints, Clock clock) {
		this(endpoints, clock, Map::of);
	}

	/**
	 * Create an endpoint that also shows the pools.
	 * @param endpoints the database endpoints
	 * @param clock the clock used for ages
	 * @param pools the pools whose connections the starter opens, by bean name, read at
	 * each request
	 */
	public DatabaseCredentialsEndpoint(DatabaseEndpoints endpoints, Clock clock,
			Supplier<Map<String, PooledConnections>> pools) {
		this.endpoints = endpoints;
		this.clock = clock;
		this.pools = pools;
	}

	/**
	 * Describe the credentials of every endpoint and the pools that use them.
	 * @return the descriptor, without any secret
	 */
	@ReadOperation
	public DatabaseCredentialsDescriptor credentials() {
		Map<String, CredentialsDescriptor> descriptors = new LinkedHashMap<>();
		this.endpoints.all()
			.forEach((name, credentials) -> descriptors.put(name, CredentialsDescriptor.of(credentials.status(),
					this.clock)));
		Map<String, PoolDescriptor> pools = new LinkedHashMap<>();
		this.pools.get().forEach((name, connections) -> pools.put(name, PoolDescriptor.of(connections, this.endpoints)));
		return new DatabaseCredentialsDescriptor(descriptors, pools);
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
	 * The credentials of every endpoint, and the pools that connect with them.
	 *
	 * @param endpoints the descriptor of each endpoint, {@code direct} first
	 * @param pools each pool whose connections the starter opens, by bean name
	 */
	public record DatabaseCredentialsDescriptor(Map<String, CredentialsDescriptor> endpoints,
			Map<String, PoolDescriptor> pools) implements OperationResponseBody {

		/**
		 * Return the direct endpoint's descriptor.
		 * @return the descriptor
		 */
		public CredentialsDescriptor direct() {
			return Objects.requireNonNull(this.endpoints.get(DatabaseEndpoints.DIRECT));
		}

	}

	/**
	 * One pool: which driver side, which endpoint, how many connections it holds and how
	 * many of them still carry older credentials.
	 *
	 * @param driver {@code jdbc} or {@code r2dbc}
	 * @param endpoint the endpoint's name, such as {@code direct} or {@code pooler}
	 * @param connections the open connections
	 * @param onOlderCredentials the open connections opened with older credentials
	 */
	public record PoolDescriptor(String driver, String endpoint, int connections, int onOlderCredentials) {

		static PoolDescriptor of(PooledConnections connections, DatabaseEndpoints endpoints) {
			String endpoint = endpoints.all()
				.entrySet()
				.stream()
				.filter((entry) -> entry.getValue() == connections.credentials())
				.map(Map.Entry::getKey)
				.findFirst()
				.orElse("unknown");
			return new PoolDescriptor(connections.driver(), endpoint, connections.open(),
					connections.openOlderThanCurrent());
		}

	}

}
