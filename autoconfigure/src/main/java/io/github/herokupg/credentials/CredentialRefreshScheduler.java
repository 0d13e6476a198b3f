package io.github.herokupg.credentials;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.herokupg.credentials.RefreshResult.Outcome;
import io.github.herokupg.credentials.source.FetchPacing;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Refreshes the credentials periodically on a daemon thread that starts and stops with
 * the application context. After a failed fetch it retries sooner, backing off from the
 * minimum interval up to the regular interval.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class CredentialRefreshScheduler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CredentialRefreshScheduler.class);

	private final DatabaseCredentials credentials;

	private final Duration interval;

	private final Duration minInterval;

	private final FetchPacing pacing;

	private volatile @Nullable ScheduledExecutorService executor;

	private int failures;

	/**
	 * Create a scheduler.
	 * @param credentials the credentials to refresh
	 * @param interval the interval between two fetches
	 * @param minInterval the first retry delay after a failure
	 */
	public CredentialRefreshScheduler(DatabaseCredentials credentials, Duration interval, Duration minInterval) {
		this(credentials, interval, minInterval, new FetchPacing(Clock.systemUTC(), 0));
	}

	/**
	 * Create a scheduler whose delays follow a pacing: stretched as the source's rate
	 * limit drains, no sooner than its {@code Retry-After}, jittered.
	 * @param credentials the credentials to refresh
	 * @param interval the interval between two fetches
	 * @param minInterval the first retry delay after a failure
	 * @param pacing the pacing of the source
	 */
	public CredentialRefreshScheduler(DatabaseCredentials credentials, Duration interval, Duration minInterval,
			FetchPacing pacing) {
		this.credentials = credentials;
		this.interval = interval;
		this.minInterval = minInterval;
		this.pacing = pacing;
	}

	@Override
	public synchronized void start() {
		if (this.executor == null) {
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "heroku-postgres-refresh");
				thread.setDaemon(true);
				return thread;
			});
			this.executor = executor;
			// instances started together spread out from the first fetch on
			schedule(executor, this.pacing.jittered(this.interval));
		}
	}

	private void schedule(ScheduledExecutorService executor, Duration delay) {
		executor.schedule(() -> {
			Duration next = refreshAndComputeDelay();
			try {
				CredentialsStatus status = this.credentials.status();
				if (status.sourceDenied()) {
					logger.error("The credentials source refused access for good (" + status.lastError()
							+ "): periodic refresh stops until the application restarts with a working configuration");
					return;
				}
			}
			catch (RuntimeException ex) {
				// the schedule goes on whatever happens: it is what brings rotated credentials
				logger.error("Periodic credentials refresh could not read its status", ex);
			}
			schedule(executor, next);
		}, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	private Duration refreshAndComputeDelay() {
		try {
			RefreshResult result = this.credentials.refresh();
			this.failures = (result.outcome() == Outcome.FAILED) ? this.failures + 1 : 0;
		}
		catch (RuntimeException ex) {
			this.failures++;
			logger.warn("Periodic credentials refresh failed", ex);
		}
		return this.pacing.nextDelay((this.failures == 0) ? this.interval : backoff(), this.interval);
	}

	private Duration backoff() {
		Duration delay = this.minInterval.multipliedBy(1L << Math.min(this.failures - 1, 20));
		return (delay.compareTo(this.interval) < 0) ? delay : this.interval;
	}

	@Override
	public synchronized void stop() {
		ScheduledExecutorService executor = this.executor;
		if (executor != null) {
			executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
