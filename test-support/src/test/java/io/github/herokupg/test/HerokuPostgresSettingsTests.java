package io.github.herokupg.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What {@link HerokuPostgres} attributes are accepted, and the clear refusal of the rest.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class HerokuPostgresSettingsTests {

	@Test
	void followersTakeTheirColorsInOrder() {
		assertThat(settings(Two.class).followerVariables()).containsExactly("HEROKU_POSTGRESQL_AMBER_URL",
				"HEROKU_POSTGRESQL_BLUE_URL");
		assertThat(settings(Two.class).variables()).containsExactly("DATABASE_URL", "DATABASE_CONNECTION_POOL_URL",
				"HEROKU_POSTGRESQL_AMBER_URL", "HEROKU_POSTGRESQL_BLUE_URL");
	}

	@Test
	void equalAnnotationsGiveEqualSettingsSoThatContextsAreShared() {
		assertThat(settings(Two.class)).isEqualTo(settings(AlsoTwo.class));
		assertThat(settings(Plain.class)).isNotEqualTo(settings(Two.class));
	}

	@Test
	void refusesNegativeOrTooManyFollowers() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings(Negative.class))
			.withMessageContaining("between 0 and 3");
		assertThatIllegalArgumentException().isThrownBy(() -> settings(Many.class))
			.withMessageContaining("between 0 and 3");
	}

	@Test
	void refusesMoreFollowersThanColors() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings(FewColors.class))
			.withMessageContaining("names only 1 follower colors");
	}

	@Test
	void refusesAColorThatIsNotAWordOrNamedTwice() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings(Injected.class))
			.withMessageContaining("is not a word of letters");
		assertThatIllegalArgumentException().isThrownBy(() -> settings(Twice.class))
			.withMessageContaining("named twice");
	}

	private static HerokuPostgresSettings settings(Class<?> type) {
		return HerokuPostgresSettings.of(type.getAnnotation(HerokuPostgres.class));
	}

	@HerokuPostgres
	static class Plain {

	}

	@HerokuPostgres(pooler = true, followers = 2)
	static class Two {

	}

	@HerokuPostgres(followers = 2, pooler = true, followerColors = { "amber", "blue" })
	static class AlsoTwo {

	}

	@HerokuPostgres(followers = -1)
	static class Negative {

	}

	@HerokuPostgres(followers = 1000)
	static class Many {

	}

	@HerokuPostgres(followers = 2, followerColors = "PINK")
	static class FewColors {

	}

	@HerokuPostgres(followers = 1, followerColors = "PINK_URL=x")
	static class Injected {

	}

	@HerokuPostgres(followers = 2, followerColors = { "PINK", "pink" })
	static class Twice {

	}

}
