package io.github.herokupg.autoconfigure;

import com.zaxxer.hikari.HikariConfig;
import io.github.herokupg.jdbc.SslBundleSocketFactory;
import org.junit.jupiter.api.Test;
import org.postgresql.ssl.DefaultJavaSSLFactory;
import org.postgresql.ssl.LibPQFactory;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HerokuPostgresRuntimeHints}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class HerokuPostgresRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	HerokuPostgresRuntimeHintsTests() {
		new HerokuPostgresRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void sslFactoriesThatPgjdbcInstantiatesByName() {
		for (Class<?> factory : new Class<?>[] { DefaultJavaSSLFactory.class, LibPQFactory.class,
				SslBundleSocketFactory.class }) {
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(factory)
				.withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)).accepts(this.hints);
		}
	}

	@Test
	void poolSettersForSpringDatasourceHikariBinding() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(HikariConfig.class, "setMaximumPoolSize"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(HikariConfig.class, "setPoolName"))
			.accepts(this.hints);
	}

	@Test
	void propertiesBinding() {
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(HerokuPostgresProperties.Refresh.class, "setMinInterval")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(HerokuPostgresProperties.Ssl.class, "setAllowInsecure")).accepts(this.hints);
	}

}
