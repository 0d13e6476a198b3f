package io.github.herokupg.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.herokupg.credentials.source.HerokuApiCredentialSource;
import io.github.herokupg.jdbc.ReplacementMode;
import io.github.herokupg.url.SslMode;
import io.github.herokupg.url.SslSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Configuration properties for the Heroku Postgres starter.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@ConfigurationProperties(HerokuPostgresProperties.PREFIX)
public class HerokuPostgresProperties {

	static final String PREFIX = "heroku.postgres";

	/**
	 * Whether to configure a DataSource from the Heroku connection string.
	 */
	private boolean enabled = true;

	/**
	 * Name of the config var (environment variable or Spring property) that holds the
	 * connection string.
	 */
	private String urlVariable = "DATABASE_URL";

	private final Ssl ssl = new Ssl();

	private final Source source = new Source();

	private final Refresh refresh = new Refresh();

	private final Pooler pooler = new Pooler();

	private final Replica replica = new Replica();

	private final Pool pool = new Pool();

	/**
	 * How long without a new physical connection before the databasecredentials health
	 * check logs in once itself, so that a password the database no longer accepts shows
	 * while pooled connections are still alive; 0 turns the probe off.
	 */
	private Duration healthProbeInterval = Duration.ofMinutes(1);

	private final Webhook webhook = new Webhook();

	/**
	 * Further attached databases by name, each a DataSource bean named
	 * {@code <name>DataSource} that is no default candidate: inject it with
	 * {@code @Qualifier("<name>DataSource")}. Each takes url-variable (its config var,
	 * <NAME>_URL by default) and hikari.* (its pool's HikariCP settings, as
	 * spring.datasource.hikari.* takes them).
	 */
	private final Map<String, Database> databases = new LinkedHashMap<>();

	/**
	 * Create properties with their defaults.
	 */
	public HerokuPostgresProperties() {
	}

	/**
	 * Bind the properties from an environment, as a condition needs them before the
	 * properties bean exists.
	 * @param environment the environment
	 * @return the bound properties
	 */
	static HerokuPostgresProperties bind(Environment environment) {
		return Binder.get(environment).bindOrCreate(PREFIX, HerokuPostgresProperties.class);
	}

	/**
	 * Return whether to configure a DataSource from the Heroku connection string.
	 * @return the value
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Set whether to configure a DataSource from the Heroku connection string.
	 * @param enabled the new value
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Return the name of the config var (environment variable or Spring property) that
	 * holds the connection string.
	 * @return the value
	 */
	public String getUrlVariable() {
		return this.urlVariable;
	}

	/**
	 * Set the name of the config var (environment variable or Spring property) that holds
	 * the connection string.
	 * @param urlVariable the new value
	 */
	public void setUrlVariable(String urlVariable) {
		this.urlVariable = urlVariable;
	}

	/**
	 * Return the SSL properties.
	 * @return the value
	 */
	public Ssl getSsl() {
		return this.ssl;
	}

	/**
	 * Return the properties of the source the connection string is fetched from.
	 * @return the value
	 */
	public Source getSource() {
		return this.source;
	}

	/**
	 * Return the refresh properties.
	 * @return the value
	 */
	public Refresh getRefresh() {
		return this.refresh;
	}

	/**
	 * Return the properties of Heroku's connection pooler.
	 * @return the value
	 */
	public Pooler getPooler() {
		return this.pooler;
	}

	/**
	 * Return the properties of followers (read replicas).
	 * @return the value
	 */
	public Replica getReplica() {
		return this.replica;
	}

	/**
	 * Return the properties of every pool the starter configures: the application's, the
	 * followers' and the attached databases'.
	 * @return the value
	 */
	public Pool getPool() {
		return this.pool;
	}

	/**
	 * Return the properties of push refresh from Heroku app webhooks ({@code api:release}
	 * events).
	 * @return the value
	 */
	public Webhook getWebhook() {
		return this.webhook;
	}

	/**
	 * Return how long without a new physical connection before the databasecredentials
	 * health check logs in once itself, so that a password the database no longer accepts
	 * shows while pooled connections are still alive; 0 turns the probe off.
	 * @return the value
	 */
	public Duration getHealthProbeInterval() {
		return this.healthProbeInterval;
	}

	/**
	 * Set how long without a new physical connection before the databasecredentials
	 * health check logs in once itself, so that a password the database no longer accepts
	 * shows while pooled connections are still alive; 0 turns the probe off.
	 * @param healthProbeInterval the new value
	 */
	public void setHealthProbeInterval(Duration healthProbeInterval) {
		this.healthProbeInterval = healthProbeInterval;
	}

	/**
	 * Return the further attached databases by name, each a DataSource bean named
	 * {@code <name>DataSource} that is no default candidate: inject it with
	 * {@code @Qualifier("<name>DataSource")}.
	 * @return the value
	 */
	public Map<String, Database> getDatabases() {
		return this.databases;
	}

	/**
	 * Return the config var of each attached database: the configured one, else the one
	 * Heroku gives it ({@code --as ANALYTICS} sets {@code ANALYTICS_URL}).
	 * @return the variables by attachment name, in order
	 */
	public Map<String, String> determineAttachmentVariables() {
		Map<String, String> variables = new LinkedHashMap<>();
		this.databases.forEach((name, database) -> variables.put(name, database.determineUrlVariable(name)));
		return variables;
	}

	/**
	 * Return the config vars read besides {@code url-variable}, all from the same fetch:
	 * the pooler's (when enabled), the followers' and the attached databases'.
	 * @return the variables, in that order
	 */
	public List<String> determineFurtherVariables() {
		List<String> variables = new ArrayList<>();
		if (this.pooler.isEnabled()) {
			variables.add(this.pooler.getUrlVariable());
		}
		variables.addAll(this.replica.getUrlVariables());
		variables.addAll(determineAttachmentVariables().values());
		return variables;
	}

	/**
	 * Return the interval of periodic refresh: {@code refresh.interval} when set, else
	 * five minutes for every source but {@code env}, for which periodic refresh is off.
	 * @return the interval, zero or negative when periodic refresh is off
	 */
	public Duration determineRefreshInterval() {
		Duration interval = this.refresh.getInterval();
		if (interval != null) {
			return interval;
		}
		return switch (this.source.getType()) {
			case ENV -> Duration.ZERO;
			case HEROKU_API -> HerokuApiCredentialSource.DEFAULT_INTERVAL;
			default -> Refresh.DEFAULT_INTERVAL;
		};
	}

	/**
	 * SSL properties.
	 */
	public static class Ssl {

		/**
		 * Minimum SSL mode: require, verify-ca or verify-full. The stronger of this and
		 * the connection string's sslmode applies; require when neither names one.
		 */
		private @Nullable SslMode mode;

		/**
		 * PEM file of the CA that signs the server certificate, for the verify modes.
		 */
		private @Nullable Path rootCert;

		/**
		 * Whether to permit sslmode disable, allow and prefer. For local development
		 * only: they may send the password in clear text.
		 */
		private boolean allowInsecure;

		/**
		 * Name of a Spring Boot SSL bundle (spring.ssl.bundle.*): its key store is the
		 * client certificate presented to the server (mutual TLS for Private and Shield
		 * databases), its trust store verifies the server (at least verify-ca).
		 */
		private @Nullable String bundle;

		/**
		 * How long before the bundle's client certificate expires the health details say
		 * so.
		 */
		private Duration certificateExpiryWarning = Duration.ofDays(14);

		/**
		 * Create these properties with their defaults.
		 */
		public Ssl() {
		}

		/**
		 * Return the name of a Spring Boot SSL bundle (spring.ssl.bundle.*): its key
		 * store is the client certificate presented to the server (mutual TLS for Private
		 * and Shield databases), its trust store verifies the server (at least
		 * verify-ca).
		 * @return the value
		 */
		public @Nullable String getBundle() {
			return this.bundle;
		}

		/**
		 * Set the name of a Spring Boot SSL bundle (spring.ssl.bundle.*): its key store
		 * is the client certificate presented to the server (mutual TLS for Private and
		 * Shield databases), its trust store verifies the server (at least verify-ca).
		 * @param bundle the new value
		 */
		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

		/**
		 * Return how long before the bundle's client certificate expires the health
		 * details say so.
		 * @return the value
		 */
		public Duration getCertificateExpiryWarning() {
			return this.certificateExpiryWarning;
		}

		/**
		 * Set how long before the bundle's client certificate expires the health details
		 * say so.
		 * @param certificateExpiryWarning the new value
		 */
		public void setCertificateExpiryWarning(Duration certificateExpiryWarning) {
			this.certificateExpiryWarning = certificateExpiryWarning;
		}

		/**
		 * Return the minimum SSL mode: require, verify-ca or verify-full.
		 * @return the value
		 */
		public @Nullable SslMode getMode() {
			return this.mode;
		}

		/**
		 * Set the minimum SSL mode: require, verify-ca or verify-full.
		 * @param mode the new value
		 */
		public void setMode(@Nullable SslMode mode) {
			this.mode = mode;
		}

		/**
		 * Return the PEM file of the CA that signs the server certificate, for the verify
		 * modes.
		 * @return the value
		 */
		public @Nullable Path getRootCert() {
			return this.rootCert;
		}

		/**
		 * Set the PEM file of the CA that signs the server certificate, for the verify
		 * modes.
		 * @param rootCert the new value
		 */
		public void setRootCert(@Nullable Path rootCert) {
			this.rootCert = rootCert;
		}

		/**
		 * Return whether to permit sslmode disable, allow and prefer.
		 * @return the value
		 */
		public boolean isAllowInsecure() {
			return this.allowInsecure;
		}

		/**
		 * Set whether to permit sslmode disable, allow and prefer.
		 * @param allowInsecure the new value
		 */
		public void setAllowInsecure(boolean allowInsecure) {
			this.allowInsecure = allowInsecure;
		}

		SslSettings toSettings(boolean herokuCi, SslSettings.BundleTrust bundleTrust) {
			// a bundle's trust store verifies the server: require alone would not
			SslMode minimum = (this.mode == null && this.bundle != null) ? SslMode.VERIFY_CA : this.mode;
			return new SslSettings(minimum, (this.rootCert != null) ? this.rootCert.toString() : null,
					this.allowInsecure, herokuCi, bundleTrust);
		}

	}

	/**
	 * Properties of the source the connection string is fetched from.
	 */
	public static class Source {

		/**
		 * Where the connection string comes from.
		 */
		private SourceType type = SourceType.ENV;

		/**
		 * File whose content is the connection string, for example a mounted secret.
		 */
		private @Nullable Path file;

		/**
		 * Command whose standard output is the connection string, for example 'heroku
		 * config:get DATABASE_URL -a my-app'.
		 */
		private @Nullable String command;

		/**
		 * Bound on one fetch from any source.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		private final HerokuApi herokuApi = new HerokuApi();

		/**
		 * Create these properties with their defaults.
		 */
		public Source() {
		}

		/**
		 * Return where the connection string comes from.
		 * @return the value
		 */
		public SourceType getType() {
			return this.type;
		}

		/**
		 * Set where the connection string comes from.
		 * @param type the new value
		 */
		public void setType(SourceType type) {
			this.type = type;
		}

		/**
		 * Return the file whose content is the connection string, for example a mounted
		 * secret.
		 * @return the value
		 */
		public @Nullable Path getFile() {
			return this.file;
		}

		/**
		 * Set the file whose content is the connection string, for example a mounted
		 * secret.
		 * @param file the new value
		 */
		public void setFile(@Nullable Path file) {
			this.file = file;
		}

		/**
		 * Return the command whose standard output is the connection string, for example
		 * 'heroku config:get DATABASE_URL -a my-app'.
		 * @return the value
		 */
		public @Nullable String getCommand() {
			return this.command;
		}

		/**
		 * Set the command whose standard output is the connection string, for example
		 * 'heroku config:get DATABASE_URL -a my-app'.
		 * @param command the new value
		 */
		public void setCommand(@Nullable String command) {
			this.command = command;
		}

		/**
		 * Return the bound on one fetch from any source.
		 * @return the value
		 */
		public Duration getTimeout() {
			return this.timeout;
		}

		/**
		 * Set the bound on one fetch from any source.
		 * @param timeout the new value
		 */
		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		/**
		 * Return the properties of the Heroku Platform API source.
		 * @return the value
		 */
		public HerokuApi getHerokuApi() {
			return this.herokuApi;
		}

	}

	/**
	 * Properties of the Heroku Platform API source.
	 */
	public static class HerokuApi {

		/**
		 * Heroku app name or id whose config vars hold the connection string.
		 */
		private @Nullable String app;

		/**
		 * Platform API token. Defaults to the HEROKU_API_KEY environment variable.
		 */
		private @Nullable String token;

		/**
		 * Base URL of the Platform API.
		 */
		private String baseUrl = "https://api.heroku.com";

		/**
		 * Create these properties with their defaults.
		 */
		public HerokuApi() {
		}

		/**
		 * Return the Heroku app name or id whose config vars hold the connection string.
		 * @return the value
		 */
		public @Nullable String getApp() {
			return this.app;
		}

		/**
		 * Set the Heroku app name or id whose config vars hold the connection string.
		 * @param app the new value
		 */
		public void setApp(@Nullable String app) {
			this.app = app;
		}

		/**
		 * Return the Platform API token.
		 * @return the value
		 */
		public @Nullable String getToken() {
			return this.token;
		}

		/**
		 * Set the Platform API token.
		 * @param token the new value
		 */
		public void setToken(@Nullable String token) {
			this.token = token;
		}

		/**
		 * Return the base URL of the Platform API.
		 * @return the value
		 */
		public String getBaseUrl() {
			return this.baseUrl;
		}

		/**
		 * Set the base URL of the Platform API.
		 * @param baseUrl the new value
		 */
		public void setBaseUrl(String baseUrl) {
			this.baseUrl = baseUrl;
		}

	}

	/**
	 * Refresh properties.
	 */
	public static class Refresh {

		static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

		/**
		 * Interval between two periodic fetches. Defaults to 5m for the file and command
		 * sources and to 30m for heroku-api (two requests an instance-hour, so that a
		 * fleet of a thousand instances spends under half of the token's refill); periodic
		 * refresh is off for the env source unless set.
		 */
		private @Nullable Duration interval;

		/**
		 * Whether to fetch new credentials when the database rejects the password.
		 */
		private boolean onAuthFailure = true;

		/**
		 * Minimum time between two fetches triggered by failures or requests.
		 */
		private Duration minInterval = Duration.ofSeconds(5);

		/**
		 * Fraction of the interval by which each periodic fetch is moved at random, so
		 * that instances started together spread out (0 for none).
		 */
		private double jitter = 0.1;

		/**
		 * Create these properties with their defaults.
		 */
		public Refresh() {
		}

		/**
		 * Return the fraction of the interval by which each periodic fetch is moved at
		 * random, so that instances started together spread out (0 for none).
		 * @return the value
		 */
		public double getJitter() {
			return this.jitter;
		}

		/**
		 * Set the fraction of the interval by which each periodic fetch is moved at
		 * random, so that instances started together spread out (0 for none).
		 * @param jitter the new value
		 */
		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

		/**
		 * Return the interval between two periodic fetches.
		 * @return the value
		 */
		public @Nullable Duration getInterval() {
			return this.interval;
		}

		/**
		 * Set the interval between two periodic fetches.
		 * @param interval the new value
		 */
		public void setInterval(@Nullable Duration interval) {
			this.interval = interval;
		}

		/**
		 * Return whether to fetch new credentials when the database rejects the password.
		 * @return the value
		 */
		public boolean isOnAuthFailure() {
			return this.onAuthFailure;
		}

		/**
		 * Set whether to fetch new credentials when the database rejects the password.
		 * @param onAuthFailure the new value
		 */
		public void setOnAuthFailure(boolean onAuthFailure) {
			this.onAuthFailure = onAuthFailure;
		}

		/**
		 * Return the minimum time between two fetches triggered by failures or requests.
		 * @return the value
		 */
		public Duration getMinInterval() {
			return this.minInterval;
		}

		/**
		 * Set the minimum time between two fetches triggered by failures or requests.
		 * @param minInterval the new value
		 */
		public void setMinInterval(Duration minInterval) {
			this.minInterval = minInterval;
		}

	}

	/**
	 * Properties of Heroku's connection pooler.
	 */
	public static class Pooler {

		/**
		 * Whether the application's pool connects through the connection pooler whenever
		 * its config var is set (migrations always connect directly).
		 */
		private boolean enabled = true;

		/**
		 * Name of the config var that holds the connection pooler's connection string.
		 */
		private String urlVariable = "DATABASE_CONNECTION_POOL_URL";

		/**
		 * Create these properties with their defaults.
		 */
		public Pooler() {
		}

		/**
		 * Return whether the application's pool connects through the connection pooler
		 * whenever its config var is set (migrations always connect directly).
		 * @return the value
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Set whether the application's pool connects through the connection pooler
		 * whenever its config var is set (migrations always connect directly).
		 * @param enabled the new value
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Return the name of the config var that holds the connection pooler's connection
		 * string.
		 * @return the value
		 */
		public String getUrlVariable() {
			return this.urlVariable;
		}

		/**
		 * Set the name of the config var that holds the connection pooler's connection
		 * string.
		 * @param urlVariable the new value
		 */
		public void setUrlVariable(String urlVariable) {
			this.urlVariable = urlVariable;
		}

	}

	/**
	 * Properties of followers (read replicas). Their pools are configured with
	 * {@code heroku.postgres.replica.hikari.*} ({@link HerokuPostgresPoolProperties}), as
	 * {@code spring.datasource.hikari.*} configures the leader's.
	 */
	public static class Replica {

		/**
		 * Config vars of followers, such as HEROKU_POSTGRESQL_PINK_URL: read-only
		 * transactions go to them. A variable that is not set is skipped.
		 */
		private List<String> urlVariables = new ArrayList<>();

		/**
		 * Replay lag above which a follower gets no new read-only work until it catches
		 * up; 0 turns the lag guard off.
		 */
		private Duration maxLag = Duration.ofSeconds(30);

		/**
		 * Whether read-only work goes to the leader when no follower can take it; when
		 * false it fails instead, sparing the leader.
		 */
		private boolean fallback = true;

		/**
		 * Interval between two checks of each follower's reachability and lag.
		 */
		private Duration checkInterval = Duration.ofSeconds(1);

		/**
		 * Create these properties with their defaults.
		 */
		public Replica() {
		}

		/**
		 * Return the config vars of followers, such as HEROKU_POSTGRESQL_PINK_URL:
		 * read-only transactions go to them.
		 * @return the value
		 */
		public List<String> getUrlVariables() {
			return this.urlVariables;
		}

		/**
		 * Set the config vars of followers, such as HEROKU_POSTGRESQL_PINK_URL: read-only
		 * transactions go to them.
		 * @param urlVariables the new value
		 */
		public void setUrlVariables(List<String> urlVariables) {
			this.urlVariables = urlVariables;
		}

		/**
		 * Config vars of followers.
		 * @return the variables
		 * @deprecated since 1.0.0 in favor of {@link #getUrlVariables()}
		 */
		@Deprecated(since = "1.0.0")
		@DeprecatedConfigurationProperty(replacement = "heroku.postgres.replica.url-variables", since = "1.0.0")
		public List<String> getUrlVariable() {
			return getUrlVariables();
		}

		/**
		 * Set the config vars of followers.
		 * @param urlVariable the variables
		 * @deprecated since 1.0.0 in favor of {@link #setUrlVariables(List)}
		 */
		@Deprecated(since = "1.0.0")
		public void setUrlVariable(List<String> urlVariable) {
			setUrlVariables(urlVariable);
		}

		/**
		 * Return the replay lag above which a follower gets no new read-only work until
		 * it catches up; 0 turns the lag guard off.
		 * @return the value
		 */
		public Duration getMaxLag() {
			return this.maxLag;
		}

		/**
		 * Set the replay lag above which a follower gets no new read-only work until it
		 * catches up; 0 turns the lag guard off.
		 * @param maxLag the new value
		 */
		public void setMaxLag(Duration maxLag) {
			this.maxLag = maxLag;
		}

		/**
		 * Return whether read-only work goes to the leader when no follower can take it;
		 * when false it fails instead, sparing the leader.
		 * @return the value
		 */
		public boolean isFallback() {
			return this.fallback;
		}

		/**
		 * Set whether read-only work goes to the leader when no follower can take it;
		 * when false it fails instead, sparing the leader.
		 * @param fallback the new value
		 */
		public void setFallback(boolean fallback) {
			this.fallback = fallback;
		}

		/**
		 * Return the interval between two checks of each follower's reachability and lag.
		 * @return the value
		 */
		public Duration getCheckInterval() {
			return this.checkInterval;
		}

		/**
		 * Set the interval between two checks of each follower's reachability and lag.
		 * @param checkInterval the new value
		 */
		public void setCheckInterval(Duration checkInterval) {
			this.checkInterval = checkInterval;
		}

	}

	/**
	 * Properties of every pool the starter configures: the application's, the
	 * followers' and the attached databases'.
	 */
	public static class Pool {

		/**
		 * How a pool's connections move to new credentials: rolling closes them one at a
		 * time, each once its replacement is open, so the pool stays at its size; immediate
		 * soft-evicts them all at once, which refills faster but leaves requests waiting
		 * for logins meanwhile. A move to another host always evicts at once.
		 */
		private ReplacementMode replacement = ReplacementMode.ROLLING;

		/**
		 * Create these properties with their defaults.
		 */
		public Pool() {
		}

		/**
		 * Return how a pool's connections move to new credentials: rolling closes them
		 * one at a time, each once its replacement is open, so the pool stays at its
		 * size; immediate soft-evicts them all at once, which refills faster but leaves
		 * requests waiting for logins meanwhile.
		 * @return the value
		 */
		public ReplacementMode getReplacement() {
			return this.replacement;
		}

		/**
		 * Set how a pool's connections move to new credentials: rolling closes them one
		 * at a time, each once its replacement is open, so the pool stays at its size;
		 * immediate soft-evicts them all at once, which refills faster but leaves
		 * requests waiting for logins meanwhile.
		 * @param replacement the new value
		 */
		public void setReplacement(ReplacementMode replacement) {
			this.replacement = replacement;
		}

	}

	/**
	 * A further attached database ({@code heroku addons:attach ... --as ANALYTICS}). Its
	 * pool is configured with {@code heroku.postgres.databases.<name>.hikari.*}
	 * ({@link HerokuPostgresPoolProperties}).
	 */
	public static class Database {

		/**
		 * Name of the config var that holds the attachment's connection string, such as
		 * ANALYTICS_URL.
		 */
		private @Nullable String urlVariable;

		/**
		 * Create these properties with their defaults.
		 */
		public Database() {
		}

		/**
		 * Return the name of the config var that holds the attachment's connection
		 * string, such as ANALYTICS_URL.
		 * @return the value
		 */
		public @Nullable String getUrlVariable() {
			return this.urlVariable;
		}

		/**
		 * Set the name of the config var that holds the attachment's connection string,
		 * such as ANALYTICS_URL.
		 * @param urlVariable the new value
		 */
		public void setUrlVariable(@Nullable String urlVariable) {
			this.urlVariable = urlVariable;
		}

		/**
		 * Return the config var: the configured one, else the one Heroku gives the
		 * attachment ({@code --as ANALYTICS} sets {@code ANALYTICS_URL}).
		 * @param name the attachment's name
		 * @return the variable
		 */
		public String determineUrlVariable(String name) {
			return StringUtils.hasText(this.urlVariable) ? this.urlVariable
					: name.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
		}

	}

	/**
	 * Push refresh from Heroku app webhooks ({@code api:release} events).
	 */
	public static class Webhook {

		/**
		 * Whether to receive Heroku app webhooks (a servlet web application only).
		 */
		private boolean enabled;

		/**
		 * The webhook's shared secret (heroku webhooks:add -s), which signs every
		 * delivery.
		 */
		private @Nullable String secret;

		/**
		 * Path at which deliveries are received.
		 */
		private String path = "/heroku/webhooks";

		/**
		 * Create these properties with their defaults.
		 */
		public Webhook() {
		}

		/**
		 * Return whether to receive Heroku app webhooks (a servlet web application only).
		 * @return the value
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Set whether to receive Heroku app webhooks (a servlet web application only).
		 * @param enabled the new value
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Return the webhook's shared secret (heroku webhooks:add -s), which signs every
		 * delivery.
		 * @return the value
		 */
		public @Nullable String getSecret() {
			return this.secret;
		}

		/**
		 * Set the webhook's shared secret (heroku webhooks:add -s), which signs every
		 * delivery.
		 * @param secret the new value
		 */
		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		/**
		 * Return the path at which deliveries are received.
		 * @return the value
		 */
		public String getPath() {
			return this.path;
		}

		/**
		 * Set the path at which deliveries are received.
		 * @param path the new value
		 */
		public void setPath(String path) {
			this.path = path;
		}

	}

	/**
	 * Where the connection string comes from.
	 */
	public enum SourceType {

		/** The configured variable of the Spring Environment. */
		ENV,

		/** A file whose content is the connection string. */
		FILE,

		/** The app's config vars, read through the Heroku Platform API. */
		HEROKU_API,

		/** The standard output of a command. */
		COMMAND

	}

}
