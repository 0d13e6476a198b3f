package io.github.herokupg.autoconfigure;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.github.herokupg.credentials.BackgroundTasks;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.credentials.SharedFetch;
import io.github.herokupg.credentials.source.ConnectionStrings;
import io.github.herokupg.credentials.source.CredentialSource;
import io.github.herokupg.credentials.source.FetchPacing;
import io.github.herokupg.jdbc.PostgresConnector;
import io.github.herokupg.url.DatabaseUrl;
import io.github.herokupg.url.InvalidDatabaseUrlException;
import io.github.herokupg.url.SslMode;
import io.github.herokupg.url.SslSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Creates the {@link DatabaseEndpoints} from one fetch of the configured source: the
 * direct endpoint always; the pooler's, each follower's and each attached database's
 * when its config var has a value at run time. All refresh from the same fetches.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class DatabaseEndpointsFactory {

	private static final Log logger = LogFactory.getLog(HerokuPostgresAutoConfiguration.class);

	private final HerokuPostgresProperties properties;

	private final Clock clock;

	private final boolean herokuCi;

	private final SslSettings.BundleTrust bundleTrust;

	private final BackgroundTasks tasks;

	private final FetchPacing pacing;

	DatabaseEndpointsFactory(HerokuPostgresProperties properties, Clock clock, boolean herokuCi,
			SslSettings.BundleTrust bundleTrust, BackgroundTasks tasks, FetchPacing pacing) {
		this.tasks = tasks;
		this.pacing = pacing;
		this.properties = properties;
		this.clock = clock;
		this.herokuCi = herokuCi;
		this.bundleTrust = bundleTrust;
	}

	DatabaseEndpoints create(CredentialSource source, PostgresConnector directConnector,
			PostgresConnector poolerConnector) {
		String primary = this.properties.getUrlVariable();
		HerokuPostgresProperties.Pooler pooler = this.properties.getPooler();
		SharedFetch fetch = new SharedFetch(source, primary, this.properties.determineFurtherVariables(),
				this.tasks);
		ConnectionStrings first = fetch.fetchAll();
		SslSettings ssl = this.properties.getSsl().toSettings(this.herokuCi, this.bundleTrust);
		DatabaseCredentials direct = endpoint(fetch, primary, first.primary(),
				(url) -> DatabaseUrl.parse(primary, url, ssl), directConnector);
		if (direct.current().url().sslMode() == SslMode.PREFER && this.herokuCi) {
			logger.warn("Heroku CI run (CI=true and HEROKU_TEST_RUN_ID set) with its database on this host: "
					+ "connecting without TLS if the server offers none, as Heroku CI's in-dyno databases do");
		}
		Map<String, DatabaseCredentials> followers = new LinkedHashMap<>();
		for (String variable : this.properties.getReplica().getUrlVariables()) {
			String url = first.get(variable);
			if (url == null) {
				logger.warn("Follower " + variable + " is not set: read-only work goes to the leader");
				continue;
			}
			followers.put(variable,
					endpoint(fetch, variable, url, (value) -> DatabaseUrl.parse(variable, value, ssl), directConnector));
		}
		Map<String, DatabaseCredentials> attachments = new LinkedHashMap<>();
		this.properties.determineAttachmentVariables().forEach((name, variable) -> {
			String url = first.get(variable);
			// without a value, its DataSource bean reports the missing variable when it is created
			if (url != null) {
				attachments.put(name, endpoint(fetch, variable, url,
						(value) -> DatabaseUrl.parse(variable, value, ssl), directConnector));
			}
		});
		String poolerUrl = pooler.isEnabled() ? first.get(pooler.getUrlVariable()) : null;
		if (poolerUrl == null) {
			return new DatabaseEndpoints(direct, null, followers, attachments);
		}
		String variable = pooler.getUrlVariable();
		DatabaseCredentials poolerCredentials = endpoint(fetch, variable, poolerUrl,
				(url) -> sameDatabaseAndUser(variable, DatabaseUrl.parse(variable, url, ssl), fetch, primary, ssl),
				poolerConnector);
		logger.info("The application's pool connects through the connection pooler (" + variable
				+ "); migrations connect directly (" + primary + ")");
		return new DatabaseEndpoints(direct, poolerCredentials, followers, attachments);
	}

	/**
	 * Create the credentials of one endpoint from its first connection string, and have
	 * them refreshed whenever another endpoint's fetch brings their variable.
	 */
	private DatabaseCredentials endpoint(SharedFetch fetch, String variable, String first,
			Function<String, DatabaseUrl> parser, PostgresConnector connector) {
		DatabaseCredentials credentials = new DatabaseCredentials(fetch.source(variable), first, parser, connector,
				this.clock, this.properties.getRefresh().getMinInterval(), this.tasks, this.pacing);
		fetch.onFetchedByAnother(variable, credentials::refresh);
		if (credentials.current().url().sslModeRaised()) {
			logger.warn(variable + ": sslmode verify-ca with only the JVM's default trust store would accept any "
					+ "publicly issued certificate for any host name, so verify-full is in force (set "
					+ "heroku.postgres.ssl.root-cert, or a trust store in the SSL bundle, to verify against a CA of "
					+ "your own)");
		}
		return credentials;
	}

	/**
	 * The pooler stands in front of the database of the direct URL, for the same user:
	 * anything else is a configuration error, never a reason to fall back silently.
	 */
	private static DatabaseUrl sameDatabaseAndUser(String variable, DatabaseUrl pooler, SharedFetch fetch,
			String primary, SslSettings ssl) {
		ConnectionStrings latest = Objects.requireNonNull(fetch.last(), "fetched before parsing");
		DatabaseUrl direct = DatabaseUrl.parse(primary, latest.primary(), ssl);
		if (!Objects.equals(pooler.database(), direct.database())) {
			throw new InvalidDatabaseUrlException(variable, InvalidDatabaseUrlException.Kind.INCONSISTENT,
					"it names another database than " + primary);
		}
		if (!Objects.equals(pooler.username(), direct.username())) {
			throw new InvalidDatabaseUrlException(variable, InvalidDatabaseUrlException.Kind.INCONSISTENT,
					"it names another user than " + primary);
		}
		return pooler;
	}

}
