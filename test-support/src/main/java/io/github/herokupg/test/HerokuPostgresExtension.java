package io.github.herokupg.test;

import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * The JUnit side of {@link HerokuPostgres}: skips a class whose pooler or followers this
 * machine cannot run, saying what to install, and resolves
 * {@link HerokuPostgresDatabase} parameters.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class HerokuPostgresExtension implements ExecutionCondition, ParameterResolver {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		Optional<HerokuPostgresSettings> settings = settings(context);
		if (settings.isEmpty()) {
			return ConditionEvaluationResult.enabled("not annotated with @HerokuPostgres");
		}
		String reason = settings.get().unavailableReason();
		return (reason != null) ? ConditionEvaluationResult.disabled(reason)
				: ConditionEvaluationResult.enabled("this machine has what @HerokuPostgres asks for");
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == HerokuPostgresDatabase.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		HerokuPostgresDatabase database = HerokuPostgresDatabase.shared();
		settings(context).ifPresent(database::provide);
		return database;
	}

	private static Optional<HerokuPostgresSettings> settings(ExtensionContext context) {
		return context.getTestClass()
			.map((testClass) -> TestContextAnnotationUtils.findMergedAnnotation(testClass, HerokuPostgres.class))
			.map(HerokuPostgresSettings::of);
	}

}
