package io.github.herokupg.autoconfigure;

import io.github.herokupg.credentials.CredentialSource;
import io.github.herokupg.credentials.EnvironmentCredentialSource;

import org.springframework.core.env.Environment;

/**
 * Creates the {@link CredentialSource} that {@code heroku.postgres.source.type} selects.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class CredentialSources {

	private CredentialSources() {
	}

	static CredentialSource create(HerokuPostgresProperties properties, Environment environment) {
		return switch (properties.getSource().getType()) {
			case ENV -> new EnvironmentCredentialSource(environment, properties.getUrlVariable());
			default -> throw new IllegalStateException("Unsupported source " + properties.getSource().getType());
		};
	}

}
