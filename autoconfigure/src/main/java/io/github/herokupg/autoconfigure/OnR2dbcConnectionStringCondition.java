package io.github.herokupg.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * {@link OnConnectionStringCondition} for the R2DBC side: the application's own
 * connection is {@code spring.r2dbc.url}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class OnR2dbcConnectionStringCondition extends OnConnectionStringCondition {

	@Override
	@Nullable String configuredByTheApplication(Environment environment) {
		return StringUtils.hasText(environment.getProperty("spring.r2dbc.url")) ? "spring.r2dbc.url" : null;
	}

}
