package io.github.herokupg.autoconfigure;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when periodic refresh is on: {@code heroku.postgres.refresh.interval} is set to
 * a positive duration, or it is unset and the source is not {@code env}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class OnPeriodicRefreshCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Periodic credentials refresh");
		Binder binder = Binder.get(context.getEnvironment());
		Duration interval = binder.bind("heroku.postgres.refresh.interval", Duration.class).orElse(null);
		if (interval != null) {
			return (interval.isZero() || interval.isNegative())
					? ConditionOutcome.noMatch(message.because("heroku.postgres.refresh.interval is " + interval))
					: ConditionOutcome.match(message.because("heroku.postgres.refresh.interval is " + interval));
		}
		String type = context.getEnvironment().getProperty("heroku.postgres.source.type", "env");
		return type.equalsIgnoreCase("env") ? ConditionOutcome.noMatch(message.because("the source is env"))
				: ConditionOutcome.match(message.because("the source is " + type));
	}

}
