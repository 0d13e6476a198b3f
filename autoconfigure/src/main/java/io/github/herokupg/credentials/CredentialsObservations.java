package io.github.herokupg.credentials;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

import io.github.herokupg.observation.HerokuPostgresObservation;
import io.github.herokupg.observation.HerokuPostgresObservation.FetchKeys;
import io.github.herokupg.observation.HerokuPostgresObservation.ValidationKeys;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The observations of one endpoint's fetches and validating logins. Until a registry is
 * set they go to {@link ObservationRegistry#NOOP}, which records nothing.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class CredentialsObservations {

	private volatile ObservationRegistry registry = ObservationRegistry.NOOP;

	private volatile String endpoint = "";

	void use(ObservationRegistry registry, String endpoint) {
		this.endpoint = endpoint;
		this.registry = registry;
	}

	ObservationRegistry registry() {
		return this.registry;
	}

	RefreshResult fetch(String sourceType, Supplier<RefreshResult> fetch) {
		Observation observation = HerokuPostgresObservation.CREDENTIALS_FETCH.observation(this.registry);
		if (observation.isNoop()) {
			return fetch.get();
		}
		observation.lowCardinalityKeyValue(FetchKeys.ENDPOINT.withValue(this.endpoint))
			.lowCardinalityKeyValue(FetchKeys.SOURCE.withValue(sourceType))
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			RefreshResult result = fetch.get();
			observation.lowCardinalityKeyValue(FetchKeys.OUTCOME.withValue(result.outcome().value()));
			return result;
		}
		catch (RuntimeException ex) {
			observation.lowCardinalityKeyValue(FetchKeys.OUTCOME.withValue(RefreshResult.Outcome.FAILED.value()));
			observation.error(withoutMessage(ex));
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	@Nullable Connection validation(String purpose, Login login) throws SQLException {
		Observation observation = HerokuPostgresObservation.CREDENTIALS_VALIDATION.observation(this.registry);
		if (observation.isNoop()) {
			return login.run();
		}
		observation.lowCardinalityKeyValue(ValidationKeys.ENDPOINT.withValue(this.endpoint))
			.lowCardinalityKeyValue(ValidationKeys.PURPOSE.withValue(purpose))
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			Connection result = login.run();
			observation.lowCardinalityKeyValue(ValidationKeys.OUTCOME.withValue("accepted"));
			return result;
		}
		catch (SQLException ex) {
			observation.lowCardinalityKeyValue(
					ValidationKeys.OUTCOME.withValue(PasswordRejection.is(ex) ? "rejected" : "failed"));
			observation.error(withoutMessage(ex));
			throw ex;
		}
		catch (RuntimeException ex) {
			observation.lowCardinalityKeyValue(ValidationKeys.OUTCOME.withValue("failed"));
			observation.error(withoutMessage(ex));
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/**
	 * What a span may say of a failure: a driver's message can name the user and the
	 * host, so only the type and the SQL state go to the tracer.
	 */
	static Throwable withoutMessage(Exception ex) {
		String state = (ex instanceof SQLException sql) ? sql.getSQLState() : null;
		return new ObservedFailure(ex.getClass().getName() + ((state != null) ? " (SQL state " + state + ")" : ""));
	}

	/**
	 * A failure as an observation records it.
	 */
	static final class ObservedFailure extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ObservedFailure(String message) {
			super(message, null, false, false);
		}

	}

	/**
	 * A login that may fail, and may keep its connection.
	 */
	@FunctionalInterface
	interface Login {

		@Nullable Connection run() throws SQLException;

	}

}
