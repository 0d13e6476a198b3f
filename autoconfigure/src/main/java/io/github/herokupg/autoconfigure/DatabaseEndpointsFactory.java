package io.github.herokupg.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.herokupg.credentials.ConnectionStrings;
import io.github.herokupg.credentials.CredentialSource;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.credentials.SharedFetch;
import io.github.herokupg.jdbc.PostgresConnector;
import io.github.herokupg.url.DatabaseUrl;
import io.github.herokupg.url.InvalidDatabaseUrlException;
import io.github.herokupg.url.SslMode;
import io.github.herokupg.url.SslSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Creates the {@link DatabaseEndpoints} from one fetch of the configured source: the
 * direct endpoint always, the pooler's when its config var has a value at run time.
 * Both refresh from the same fetches.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class DatabaseEndpointsFactory {

	private static final Log logger = LogFactory.getLog(HerokuPostgresAutoConfiguration.class);

	private final HerokuPostgresProperties properties;

	private final Clock clock;

	private final boolean herokuCi;

	DatabaseEndpointsFactory(HerokuPostgresProperties properties, Clock clock, boolean herokuCi) {
		this.properties = properties;
		this.clock = clock;
		this.herokuCi = herokuCi;
	}

	DatabaseEndpoints create(CredentialSource source, PostgresConnector directConnector,
			PostgresConnector poolerConnector) {
		String primary = this.properties.getUrlVariable();
		HerokuPostgresProperties.Pooler pooler = this.properties.getPooler();
		List<String> others = new ArrayList<>();
		if (pooler.isEnabled()) {
			others.add(pooler.getUrlVariable());
		}
		List<String> followerVariables = this.properties.getReplica().getUrlVariable();
		others.addAll(followerVariables);
		Map<String, String> attachmentVariables = attachmentVariables();
		others.addAll(attachmentVariables.values());
		SharedFetch fetch = new SharedFetch(source, primary, others);
		ConnectionStrings first = fetch.fetchAll();
		SslSettings ssl = this.properties.getSsl().toSettings(this.herokuCi);
		DatabaseCredentials direct = new DatabaseCredentials(fetch.source(primary), first.primary(),
				(url) -> DatabaseUrl.parse(primary, url, ssl), directConnector, this.clock, minInterval());
		fetch.onFetchedByAnother(primary, direct::refresh);
		if (direct.current().url().sslMode() == SslMode.PREFER && this.herokuCi) {
			logger.warn("Heroku CI run (CI=true and HEROKU_TEST_RUN_ID set) with its database on this host: "
					+ "connecting without TLS if the server offers none, as Heroku CI's in-dyno databases do");
		}
		Map<String, DatabaseCredentials> followers = new LinkedHashMap<>();
		for (String variable : followerVariables) {
			String url = first.get(variable);
			if (url == null) {
				logger.warn("Follower " + variable + " is not set: read-only work goes to the leader");
				continue;
			}
			DatabaseCredentials follower = new DatabaseCredentials(fetch.source(variable), url,
					(value) -> DatabaseUrl.parse(variable, value, ssl), directConnector, this.clock, minInterval());
			fetch.onFetchedByAnother(variable, follower::refresh);
			followers.put(variable, follower);
		}
		Map<String, DatabaseCredentials> attachments = new LinkedHashMap<>();
		attachmentVariables.forEach((name, variable) -> {
			String url = first.get(variable);
			if (url == null) {
				// its DataSource bean reports the missing variable when it is created
				return;
			}
			DatabaseCredentials attachment = new DatabaseCredentials(fetch.source(variable), url,
					(value) -> DatabaseUrl.parse(variable, value, ssl), directConnector, this.clock, minInterval());
			fetch.onFetchedByAnother(variable, attachment::refresh);
			attachments.put(name, attachment);
		});
		String poolerUrl = pooler.isEnabled() ? first.get(pooler.getUrlVariable()) : null;
		if (poolerUrl == null) {
			return new DatabaseEndpoints(direct, null, followers, attachments);
		}
		String variable = pooler.getUrlVariable();
		DatabaseCredentials poolerCredentials = new DatabaseCredentials(fetch.source(variable), poolerUrl,
				(url) -> sameDatabaseAndUser(variable, DatabaseUrl.parse(variable, url, ssl), fetch, primary, ssl),
				poolerConnector, this.clock, minInterval());
		fetch.onFetchedByAnother(variable, poolerCredentials::refresh);
		logger.info("The application's pool connects through the connection pooler (" + variable
				+ "); migrations connect directly (" + primary + ")");
		return new DatabaseEndpoints(direct, poolerCredentials, followers, attachments);
	}

	private Map<String, String> attachmentVariables() {
		Map<String, String> variables = new LinkedHashMap<>();
		this.properties.getDatabases()
			.forEach((name, database) -> variables.put(name, AttachedDatabases.variable(name, database)));
		return variables;
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

	private Duration minInterval() {
		return this.properties.getRefresh().getMinInterval();
	}

}
