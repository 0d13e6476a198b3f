package io.github.herokupg.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.herokupg.test.server.HerokuLikePostgres;
import io.github.herokupg.test.server.PgBouncer;
import org.jspecify.annotations.Nullable;

/**
 * What a test class asks of its database, read from {@link HerokuPostgres}; equal
 * settings share a cached Spring context.
 *
 * @param pooler whether it asks for the pooler
 * @param followerVariables the config vars of the followers it asks for
 * @author heroku-postgres-spring-boot-starter contributors
 */
record HerokuPostgresSettings(boolean pooler, List<String> followerVariables) {

	/** More followers than this are refused: each is a server of its own. */
	static final int MAX_FOLLOWERS = 3;

	static HerokuPostgresSettings of(HerokuPostgres annotation) {
		int followers = annotation.followers();
		String[] colors = annotation.followerColors();
		if (followers < 0 || followers > MAX_FOLLOWERS) {
			throw new IllegalArgumentException(
					"@HerokuPostgres(followers = " + followers + "): between 0 and " + MAX_FOLLOWERS + " are supported");
		}
		if (followers > colors.length) {
			throw new IllegalArgumentException("@HerokuPostgres(followers = " + followers + ") names only "
					+ colors.length + " follower colors");
		}
		List<String> variables = new ArrayList<>();
		for (int i = 0; i < followers; i++) {
			String color = colors[i].trim().toUpperCase(Locale.ROOT);
			if (!color.matches("[A-Z]+")) {
				throw new IllegalArgumentException("@HerokuPostgres follower color '" + colors[i]
						+ "' is not a word of letters, as Heroku's colors are");
			}
			String variable = "HEROKU_POSTGRESQL_" + color + "_URL";
			if (variables.contains(variable)) {
				throw new IllegalArgumentException("@HerokuPostgres follower color " + color + " is named twice");
			}
			variables.add(variable);
		}
		return new HerokuPostgresSettings(annotation.pooler(), List.copyOf(variables));
	}

	/**
	 * Return why this machine cannot give what is asked, with what to install.
	 * @return the reason, or {@code null} when it can
	 */
	@Nullable String unavailableReason() {
		if (this.pooler && !PgBouncer.isInstalled()) {
			return PgBouncer.NOT_INSTALLED;
		}
		if (!this.followerVariables.isEmpty() && !HerokuLikePostgres.canStartReplicas()) {
			return HerokuLikePostgres.NO_PG_BASEBACKUP;
		}
		return null;
	}

	/**
	 * Return the config vars an application with these settings sees.
	 * @return the variable names
	 */
	List<String> variables() {
		List<String> variables = new ArrayList<>();
		variables.add(HerokuPostgresDatabase.DATABASE_URL);
		if (this.pooler) {
			variables.add(HerokuPostgresDatabase.CONNECTION_POOL_URL);
		}
		variables.addAll(this.followerVariables);
		return variables;
	}

}
