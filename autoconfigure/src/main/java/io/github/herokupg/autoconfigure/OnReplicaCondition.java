package io.github.herokupg.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether followers are configured ({@code heroku.postgres.replica.url-variables}, in any
 * form: a comma-separated value or a YAML list). Only the configuration decides, never
 * whether the followers' variables are set, so Spring AOT can freeze the outcome.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
abstract class OnReplicaCondition extends SpringBootCondition {

	private final boolean expected;

	OnReplicaCondition(boolean expected) {
		this.expected = expected;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Heroku Postgres followers");
		boolean configured = !HerokuPostgresProperties.bind(context.getEnvironment())
			.getReplica()
			.getUrlVariables()
			.isEmpty();
		String outcome = configured ? "heroku.postgres.replica.url-variables is set"
				: "heroku.postgres.replica.url-variables is not set";
		return new ConditionOutcome(configured == this.expected, message.because(outcome));
	}

	/**
	 * Matches when followers are configured.
	 */
	static final class Configured extends OnReplicaCondition {

		Configured() {
			super(true);
		}

	}

	/**
	 * Matches when no follower is configured.
	 */
	static final class NotConfigured extends OnReplicaCondition {

		NotConfigured() {
			super(false);
		}

	}

}
