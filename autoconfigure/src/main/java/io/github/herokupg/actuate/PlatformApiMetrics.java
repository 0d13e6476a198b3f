package io.github.herokupg.actuate;

import io.github.herokupg.credentials.DatabaseEndpoints;
import io.github.herokupg.credentials.source.FetchPacing;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The Platform API token's budget, {@code heroku.postgres.source.rate.limit.remaining}:
 * the {@code RateLimit-Remaining} of its last answer (not a number before the first).
 * Bound only when the credentials come from the {@code heroku-api} source, which is read
 * when the meters are bound, never in a condition.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class PlatformApiMetrics implements MeterBinder {

	private static final String HEROKU_API = "heroku-api";

	private final DatabaseEndpoints endpoints;

	private final FetchPacing pacing;

	/**
	 * Create the metrics.
	 * @param endpoints the database endpoints, whose source decides whether there is a
	 * token to report on
	 * @param pacing the pacing the Platform API's answers are recorded in
	 */
	public PlatformApiMetrics(DatabaseEndpoints endpoints, FetchPacing pacing) {
		this.endpoints = endpoints;
		this.pacing = pacing;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (!HEROKU_API.equals(this.endpoints.direct().status().sourceType())) {
			return;
		}
		Gauge.builder("heroku.postgres.source.rate.limit.remaining", this.pacing, PlatformApiMetrics::remaining)
			.description("Requests the Platform API token has left, as its last answer said")
			.register(registry);
	}

	private static double remaining(FetchPacing pacing) {
		int remaining = pacing.remaining();
		return (remaining == Integer.MAX_VALUE) ? Double.NaN : remaining;
	}

}
