package io.github.herokupg.autoconfigure;

import org.springframework.context.aot.AbstractAotProcessor;

/**
 * Whether Spring AOT is processing the application at build time.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class AotProcessing {

	private AotProcessing() {
	}

	static boolean isActive() {
		return Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING);
	}

}
