package io.github.herokupg.autoconfigure;

import io.github.herokupg.credentials.BackgroundTasks;
import io.github.herokupg.credentials.source.CommandCredentialSource;
import io.github.herokupg.credentials.source.CredentialSource;
import io.github.herokupg.credentials.source.CredentialSourceException;
import io.github.herokupg.credentials.source.EnvironmentCredentialSource;
import io.github.herokupg.credentials.source.FetchPacing;
import io.github.herokupg.credentials.source.FileCredentialSource;
import io.github.herokupg.credentials.source.HerokuApiCredentialSource;
import io.github.herokupg.credentials.source.TimeBoundedCredentialSource;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Creates the {@link CredentialSource} that {@code heroku.postgres.source.type} selects,
 * every source but {@code env} bounded by {@code heroku.postgres.source.timeout}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class CredentialSources {

	private CredentialSources() {
	}

	static CredentialSource create(HerokuPostgresProperties properties, Environment environment,
			@Nullable FetchPacing pacing, BackgroundTasks tasks) {
		HerokuPostgresProperties.Source source = properties.getSource();
		return switch (source.getType()) {
			case ENV -> new EnvironmentCredentialSource(environment, properties.getUrlVariable());
			case FILE -> bounded(new FileCredentialSource(required(source.getFile(), "file", "file")), source, tasks);
			case COMMAND -> bounded(new CommandCredentialSource(required(source.getCommand(), "command", "command"),
					properties.getUrlVariable(), source.getTimeout(), tasks), source, tasks);
			case HEROKU_API -> bounded(herokuApi(source.getHerokuApi(), properties, environment, pacing), source, tasks);
		};
	}

	private static CredentialSource herokuApi(HerokuPostgresProperties.HerokuApi api,
			HerokuPostgresProperties properties, Environment environment, @Nullable FetchPacing pacing) {
		String token = StringUtils.hasText(api.getToken()) ? api.getToken() : environment.getProperty("HEROKU_API_KEY");
		return new HerokuApiCredentialSource(api.getBaseUrl(), required(api.getApp(), "heroku-api.app", "heroku-api"),
				required(token, "heroku-api.token (or HEROKU_API_KEY)", "heroku-api"), properties.getUrlVariable(),
				properties.getSource().getTimeout(), pacing);
	}

	private static CredentialSource bounded(CredentialSource source, HerokuPostgresProperties.Source properties,
			BackgroundTasks tasks) {
		return new TimeBoundedCredentialSource(source, properties.getTimeout(), tasks);
	}

	private static <T> T required(@Nullable T value, String property, String type) {
		if (value == null || (value instanceof String text && !StringUtils.hasText(text))) {
			throw new CredentialSourceException(
					"heroku.postgres.source." + property + " is not set, but heroku.postgres.source.type is " + type);
		}
		return value;
	}

}
