package io.github.herokupg.autoconfigure;

import java.time.Duration;

import io.github.herokupg.jdbc.ReplacementMode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HerokuPostgresProperties}: defaults that depend on other properties,
 * and the deprecated names.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class HerokuPostgresPropertiesTests {

	@Test
	void refreshIntervalDefaultsBySource() {
		assertThat(bind().determineRefreshInterval()).isZero();
		assertThat(bind("heroku.postgres.source.type=file").determineRefreshInterval())
			.isEqualTo(Duration.ofMinutes(5));
		assertThat(bind("heroku.postgres.source.type=command").determineRefreshInterval())
			.isEqualTo(Duration.ofMinutes(5));
		// two requests an instance-hour: a thousand instances spend under half of the token's refill
		assertThat(bind("heroku.postgres.source.type=heroku-api").determineRefreshInterval())
			.isEqualTo(Duration.ofMinutes(30));
		assertThat(bind("heroku.postgres.source.type=heroku-api", "heroku.postgres.refresh.interval=2m")
			.determineRefreshInterval()).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void followerVariablesBindUnderThePluralAndTheDeprecatedSingular() {
		assertThat(bind("heroku.postgres.replica.url-variables=A_URL,B_URL").getReplica().getUrlVariables())
			.containsExactly("A_URL", "B_URL");
		assertThat(bind("heroku.postgres.replica.url-variable=A_URL").getReplica().getUrlVariables())
			.containsExactly("A_URL");
	}

	@Test
	void poolReplacementIsRollingUnlessSetToImmediate() {
		assertThat(bind().getPool().getReplacement()).isEqualTo(ReplacementMode.ROLLING);
		assertThat(bind("heroku.postgres.pool.replacement=immediate").getPool().getReplacement())
			.isEqualTo(ReplacementMode.IMMEDIATE);
	}

	@Test
	void anUnknownReplacementModeFailsBindingNamingTheProperty() {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind("heroku.postgres.pool.replacement=sometimes"))
			.withMessageContaining("heroku.postgres.pool.replacement");
	}

	@Test
	void anInvalidFollowerPoolSettingFailsBindingNamingThePrefixAndHikarisReason() {
		MockEnvironment environment = new MockEnvironment().withProperty("heroku.postgres.replica.hikari.maximum-pool-size",
				"0");
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> Binder.get(environment).bind("heroku.postgres", HerokuPostgresPoolProperties.class))
			.withMessageContaining("heroku.postgres.replica.hikari")
			.withRootCauseInstanceOf(IllegalArgumentException.class)
			.satisfies((ex) -> assertThat(ex).rootCause().hasMessageContaining("maxPoolSize"));
	}

	private static HerokuPostgresProperties bind(String... pairs) {
		MockEnvironment environment = new MockEnvironment();
		for (String pair : pairs) {
			int equals = pair.indexOf('=');
			environment.setProperty(pair.substring(0, equals), pair.substring(equals + 1));
		}
		return HerokuPostgresProperties.bind(environment);
	}

}
