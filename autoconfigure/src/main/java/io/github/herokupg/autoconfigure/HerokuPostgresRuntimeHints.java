package io.github.herokupg.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.jdbc.SslBundleSocketFactory;
import org.jspecify.annotations.Nullable;
import org.postgresql.ssl.DefaultJavaSSLFactory;
import org.postgresql.ssl.LibPQFactory;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * What a native image needs of the starter at run time: the pool and the properties are
 * bound reflectively, and pgjdbc instantiates the SSL socket factories it is given by
 * class name ({@code DefaultJavaSSLFactory} for verification against the JVM trust
 * store, {@code LibPQFactory} for everything else).
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class HerokuPostgresRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindableRuntimeHintsRegistrar.forTypes(HerokuPostgresProperties.class, HikariDataSource.class)
			.registerHints(hints, classLoader);
		hints.reflection()
			.registerTypes(TypeReference.listOf(DefaultJavaSSLFactory.class, LibPQFactory.class,
					SslBundleSocketFactory.class),
					(type) -> type.withMembers(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS));
	}

}
