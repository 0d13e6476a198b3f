package io.github.herokupg.credentials;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The connection strings the application uses, each an endpoint with its own
 * credentials: {@code direct} ({@code DATABASE_URL}) always, {@code pooler} (Heroku's
 * connection pooler) when its config var is set, and each follower whose config var is
 * set, named by that variable.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class DatabaseEndpoints {

	/** The name of the direct endpoint. */
	public static final String DIRECT = "direct";

	/** The name of the connection pooler's endpoint. */
	public static final String POOLER = "pooler";

	private final Map<String, DatabaseCredentials> endpoints;

	private final DatabaseCredentials direct;

	private final Map<String, DatabaseCredentials> followers;

	/**
	 * Create the endpoints.
	 * @param direct the direct endpoint's credentials
	 * @param pooler the pooler's credentials, or {@code null} when there is no pooler
	 */
	public DatabaseEndpoints(DatabaseCredentials direct, @Nullable DatabaseCredentials pooler) {
		this(direct, pooler, Map.of());
	}

	/**
	 * Create the endpoints.
	 * @param direct the direct endpoint's credentials
	 * @param pooler the pooler's credentials, or {@code null} when there is no pooler
	 * @param followers the followers' credentials by config var, in order
	 */
	public DatabaseEndpoints(DatabaseCredentials direct, @Nullable DatabaseCredentials pooler,
			Map<String, DatabaseCredentials> followers) {
		this(direct, pooler, followers, Map.of());
	}

	/**
	 * Create the endpoints.
	 * @param direct the direct endpoint's credentials
	 * @param pooler the pooler's credentials, or {@code null} when there is no pooler
	 * @param followers the followers' credentials by config var, in order
	 * @param attachments further attached databases' credentials by name, in order
	 */
	public DatabaseEndpoints(DatabaseCredentials direct, @Nullable DatabaseCredentials pooler,
			Map<String, DatabaseCredentials> followers, Map<String, DatabaseCredentials> attachments) {
		Map<String, DatabaseCredentials> endpoints = new LinkedHashMap<>();
		endpoints.put(DIRECT, direct);
		if (pooler != null) {
			endpoints.put(POOLER, pooler);
		}
		endpoints.putAll(followers);
		endpoints.putAll(attachments);
		this.endpoints = endpoints;
		this.direct = direct;
		this.followers = Collections.unmodifiableMap(new LinkedHashMap<>(followers));
	}

	/**
	 * Return the credentials of an endpoint.
	 * @param name the endpoint's name
	 * @return its credentials, or {@code null} when there is no such endpoint
	 */
	public @Nullable DatabaseCredentials get(String name) {
		return this.endpoints.get(name);
	}

	/**
	 * Return the followers whose config vars were set at startup.
	 * @return the followers' credentials by config var, in order
	 */
	public Map<String, DatabaseCredentials> followers() {
		return this.followers;
	}

	/**
	 * Return the direct endpoint, the one migrations use.
	 * @return the direct endpoint's credentials
	 */
	public DatabaseCredentials direct() {
		return this.direct;
	}

	/**
	 * Return the pooler's endpoint.
	 * @return the pooler's credentials, or {@code null} when there is no pooler
	 */
	public @Nullable DatabaseCredentials pooler() {
		return this.endpoints.get(POOLER);
	}

	/**
	 * Return the endpoint the application's pool connects to: the pooler when there is
	 * one, else the direct endpoint.
	 * @return the credentials
	 */
	public DatabaseCredentials application() {
		DatabaseCredentials pooler = pooler();
		return (pooler != null) ? pooler : direct();
	}

	/**
	 * Return every endpoint by name, {@code direct} first.
	 * @return the endpoints
	 */
	public Map<String, DatabaseCredentials> all() {
		return Collections.unmodifiableMap(this.endpoints);
	}

	/**
	 * Observe every endpoint's work with a registry, each keyed by its name.
	 * @param registry the registry
	 */
	public void observeWith(ObservationRegistry registry) {
		this.endpoints.forEach((name, credentials) -> credentials.observeWith(registry, name));
	}

}
