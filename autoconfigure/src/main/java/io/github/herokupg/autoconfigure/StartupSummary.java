package io.github.herokupg.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.stream.Collectors;

import io.github.herokupg.credentials.CredentialsStatus;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.url.DatabaseUrl;

/**
 * The one line an operator reads at startup: the variables found and the endpoint each
 * pool connects to (hosts, database, masked user, SSL mode in force), the source and the
 * refresh schedule. It says nothing secret: no password, no full user name.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class StartupSummary {

	private StartupSummary() {
	}

	static String of(DatabaseEndpoints endpoints, HerokuPostgresProperties properties) {
		CredentialsStatus direct = endpoints.direct().status();
		List<String> found = new ArrayList<>();
		StringJoiner pools = new StringJoiner("; ");
		found.add(properties.getUrlVariable());
		DatabaseCredentials pooler = endpoints.pooler();
		if (pooler != null) {
			found.add(properties.getPooler().getUrlVariable());
			pools.add("application pool via the pooler " + endpoint(pooler.current().url()));
			pools.add("migrations " + endpoint(endpoints.direct().current().url()));
		}
		else {
			pools.add("application pool " + endpoint(endpoints.direct().current().url()));
		}
		endpoints.followers().forEach((variable, follower) -> {
			found.add(variable);
			pools.add("follower " + variable + " " + endpoint(follower.current().url()));
		});
		Map<String, String> attachmentVariables = properties.determineAttachmentVariables();
		endpoints.all().forEach((name, credentials) -> {
			String variable = attachmentVariables.get(name);
			if (variable != null && !endpoints.followers().containsKey(name)) {
				found.add(variable);
				pools.add("database " + name + " (" + variable + ") " + endpoint(credentials.current().url()));
			}
		});
		return "Heroku Postgres: found " + String.join(", ", found) + "; " + pools + "; source " + direct.sourceType()
				+ " (" + direct.sourceLocation() + "); " + schedule(properties);
	}

	private static String endpoint(DatabaseUrl url) {
		return url.hosts().stream().map(Object::toString).collect(Collectors.joining(",")) + "/" + Objects.toString(url.database(), "") + " as "
				+ Objects.toString(url.maskedUsername(), "(no user)") + ", sslmode " + url.sslMode();
	}

	private static String schedule(HerokuPostgresProperties properties) {
		HerokuPostgresProperties.Refresh refresh = properties.getRefresh();
		Duration interval = properties.determineRefreshInterval();
		String periodic = (interval.isZero() || interval.isNegative()) ? "no periodic refresh"
				: "refresh every " + format(interval);
		return periodic + (refresh.isOnAuthFailure() ? ", and on a rejected password" : "")
				+ " (at most one requested fetch per " + format(refresh.getMinInterval()) + ")";
	}

	private static String format(Duration duration) {
		return duration.toString().substring(2).toLowerCase(Locale.ROOT);
	}

}
