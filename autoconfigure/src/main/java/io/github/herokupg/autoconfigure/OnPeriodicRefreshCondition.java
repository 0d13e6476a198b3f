package io.github.herokupg.autoconfigure;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when periodic refresh is on, as
 * {@link HerokuPostgresProperties#determineRefreshInterval()} decides from configuration
 * alone.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class OnPeriodicRefreshCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Periodic credentials refresh");
		Duration interval = HerokuPostgresProperties.bind(context.getEnvironment()).determineRefreshInterval();
		boolean on = !interval.isZero() && !interval.isNegative();
		return on ? ConditionOutcome.match(message.because("the interval is " + interval))
				: ConditionOutcome.noMatch(message.because("the interval is " + interval));
	}

}
