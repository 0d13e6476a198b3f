package io.github.herokupg.actuate;

import io.github.herokupg.credentials.RefreshResult;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The answer to a refresh request.
 *
 * @param outcome {@code changed}, {@code unchanged} or {@code failed}
 * @param reason why the credentials did not change, masked
 * @param generation the generation of the current credentials
 * @author heroku-postgres-spring-boot-starter contributors
 */
public record RefreshResponse(String outcome, @Nullable String reason, long generation)
		implements OperationResponseBody {

	static RefreshResponse of(RefreshResult result) {
		return new RefreshResponse(result.outcome().value(), result.reason(), result.generation());
	}

}
