package io.github.herokupg.actuate;

import java.time.Clock;

import io.github.herokupg.credentials.DatabaseCredentials;

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
	public CredentialsDescriptor credentials() {
		return CredentialsDescriptor.of(this.credentials.status(), this.clock);
	}

	@WriteOperation
	public RefreshResponse refresh() {
		return RefreshResponse.of(this.credentials.requestRefresh());
	}

}
