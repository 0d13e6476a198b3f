package io.github.herokupg.r2dbc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.github.herokupg.url.DatabaseUrl;
import io.github.herokupg.url.HostAndPort;
import io.github.herokupg.url.SslMode;
import io.r2dbc.postgresql.MultiHostConnectionStrategy.TargetServerType;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.client.ChannelBindingMode;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.postgresql.client.SSLNegotiation;
import io.netty.handler.ssl.SslContextBuilder;

/**
 * Turns a {@link DatabaseUrl} into the r2dbc-postgresql configuration of one
 * generation: hosts, database, user, password and SSL mode from the snapshot, and every
 * parameter of the connection string that r2dbc-postgresql has an equivalent for. A
 * parameter without one is refused, never dropped: a connection string that asks for
 * something the driver cannot do fails at startup, naming it.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class R2dbcConnectionOptions {

	/** The parameters the connection string carries that the driver sets up otherwise. */
	private static final Set<String> HANDLED_ELSEWHERE = Set.of("sslmode", "user", "password");

	private final boolean pooler;

	private final UnaryOperator<SslContextBuilder> ssl;

	/**
	 * Create the options of one endpoint.
	 * @param pooler whether the endpoint is a transaction-mode pooler: no statement is
	 * kept prepared between transactions there
	 * @param ssl customizes the TLS context (a client certificate and trust of an SSL
	 * bundle), {@link UnaryOperator#identity()} for none
	 */
	public R2dbcConnectionOptions(boolean pooler, UnaryOperator<SslContextBuilder> ssl) {
		this.pooler = pooler;
		this.ssl = ssl;
	}

	/**
	 * Check that every parameter of a connection string has an r2dbc-postgresql
	 * equivalent.
	 * @param url the connection string
	 * @throws IllegalArgumentException naming the first parameter that has none
	 */
	public static void check(DatabaseUrl url) {
		configure(url, false, UnaryOperator.identity());
	}

	/**
	 * Build the configuration of one generation of credentials.
	 * @param url the connection string
	 * @return the driver's configuration
	 * @throws IllegalArgumentException naming a parameter without an equivalent
	 */
	public PostgresqlConnectionConfiguration configuration(DatabaseUrl url) {
		return configure(url, this.pooler, this.ssl);
	}

	private static PostgresqlConnectionConfiguration configure(DatabaseUrl url, boolean pooler,
			UnaryOperator<SslContextBuilder> ssl) {
		PostgresqlConnectionConfiguration.Builder builder = PostgresqlConnectionConfiguration.builder();
		if (url.hosts().size() == 1) {
			HostAndPort only = url.hosts().get(0);
			builder.host(only.host()).port(only.port());
		}
		else {
			url.hosts().forEach((host) -> builder.addHost(host.host(), host.port()));
		}
		if (url.database() != null) {
			builder.database(url.database());
		}
		if (url.username() != null) {
			builder.username(url.username());
		}
		if (url.password() != null) {
			builder.password(url.password());
		}
		builder.sslMode(sslMode(url.sslMode())).sslContextBuilderCustomizer(ssl::apply);
		if (pooler) {
			builder.preparedStatementCacheQueries(0);
		}
		for (Map.Entry<String, String> parameter : url.properties().entrySet()) {
			apply(builder, parameter.getKey(), parameter.getValue());
		}
		return builder.build();
	}

	private static SSLMode sslMode(SslMode mode) {
		return switch (mode) {
			case DISABLE -> SSLMode.DISABLE;
			case ALLOW -> SSLMode.ALLOW;
			case PREFER -> SSLMode.PREFER;
			case REQUIRE -> SSLMode.REQUIRE;
			case VERIFY_CA -> SSLMode.VERIFY_CA;
			case VERIFY_FULL -> SSLMode.VERIFY_FULL;
		};
	}

	private static void apply(PostgresqlConnectionConfiguration.Builder builder, String name, String value) {
		if (HANDLED_ELSEWHERE.contains(name)) {
			return;
		}
		try {
			switch (name) {
				case "ApplicationName" -> builder.applicationName(value);
				case "connectTimeout" -> builder.connectTimeout(Duration.ofSeconds(Long.parseLong(value)));
				case "tcpKeepAlive" -> builder.tcpKeepAlive(Boolean.parseBoolean(value));
				case "targetServerType" -> builder.targetServerType(targetServerType(value));
				case "loadBalanceHosts" -> builder.loadBalanceHosts(Boolean.parseBoolean(value));
				case "channelBinding" -> builder.channelBinding(ChannelBindingMode.valueOf(upper(value)));
				case "sslNegotiation" -> builder.sslNegotiation(SSLNegotiation.valueOf(upper(value)));
				case "sslrootcert" -> builder.sslRootCert(value);
				case "sslcert" -> builder.sslCert(value);
				case "sslkey" -> builder.sslKey(value);
				case "sslpassword" -> builder.sslPassword(value);
				case "currentSchema" -> builder.schema(value);
				case "options" -> builder.options(runtimeParameters(value));
				case "prepareThreshold" -> {
					if (!"0".equals(value.trim())) {
						throw unsupported(name);
					}
					builder.preparedStatementCacheQueries(0);
				}
				default -> throw unsupported(name);
			}
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("parameter \"" + name + "\" is not a whole number of seconds");
		}
	}

	private static IllegalArgumentException unsupported(String name) {
		return new IllegalArgumentException("parameter \"" + name
				+ "\" has no equivalent in r2dbc-postgresql; remove it from the connection string");
	}

	private static String upper(String value) {
		return value.trim().toUpperCase(Locale.ROOT);
	}

	private static TargetServerType targetServerType(String value) {
		return switch (value) {
			case "primary" -> TargetServerType.PRIMARY;
			case "secondary" -> TargetServerType.SECONDARY;
			case "preferSecondary" -> TargetServerType.PREFER_SECONDARY;
			default -> TargetServerType.ANY;
		};
	}

	/**
	 * The runtime parameters of libpq's {@code options}: {@code -c name=value} or
	 * {@code --name=value}, separated by white space.
	 */
	static Map<String, String> runtimeParameters(String options) {
		Map<String, String> parameters = new LinkedHashMap<>();
		String[] words = options.trim().split("\\s+");
		for (int i = 0; i < words.length; i++) {
			String setting = null;
			if (words[i].equals("-c") && i + 1 < words.length) {
				setting = words[++i];
			}
			else if (words[i].startsWith("-c") && words[i].length() > 2) {
				setting = words[i].substring(2);
			}
			else if (words[i].startsWith("--")) {
				setting = words[i].substring(2);
			}
			int equals = (setting != null) ? setting.indexOf('=') : -1;
			if (setting == null || equals <= 0) {
				throw new IllegalArgumentException("parameter \"options\" must consist of -c name=value settings "
						+ "for r2dbc-postgresql");
			}
			parameters.put(setting.substring(0, equals).replace('-', '_'), setting.substring(equals + 1));
		}
		return parameters;
	}

}
