package io.github.herokupg.credentials.source;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.herokupg.credentials.BackgroundTasks;

/**
 * Bounds every fetch of another source by a timeout, so a hung file system, network or
 * command cannot hold back a refresh for longer than {@code heroku.postgres.source.timeout}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class TimeBoundedCredentialSource implements CredentialSource {

	private final CredentialSource delegate;

	private final Duration timeout;

	private final BackgroundTasks tasks;

	/**
	 * Wrap a source.
	 * @param delegate the source to bound
	 * @param timeout the bound on one fetch
	 * @param tasks runs each fetch, so that a fetch that outlives the bound is
	 * interrupted
	 */
	public TimeBoundedCredentialSource(CredentialSource delegate, Duration timeout, BackgroundTasks tasks) {
		this.delegate = delegate;
		this.timeout = timeout;
		this.tasks = tasks;
	}

	@Override
	public String fetch() {
		return bounded(this.delegate::fetch);
	}

	@Override
	public ConnectionStrings fetchWith(Collection<String> variables) {
		return bounded(() -> this.delegate.fetchWith(variables));
	}

	private <T> T bounded(Callable<T> action) {
		Future<T> fetch;
		try {
			fetch = this.tasks.submit(action);
		}
		catch (RejectedExecutionException ex) {
			throw new CredentialSourceException(this.delegate.type() + " source not asked: the application is stopping "
					+ "or too many fetches are in flight");
		}
		try {
			return fetch.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			// interrupts the worker: a command is stopped, an HTTP request abandoned
			fetch.cancel(true);
			throw new CredentialSourceException(this.delegate.type() + " source did not answer within "
					+ this.timeout.toMillis() + "ms");
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof CredentialSourceException sourceException) {
				throw sourceException;
			}
			throw new CredentialSourceException(
					this.delegate.type() + " source failed (" + cause.getClass().getSimpleName() + ")");
		}
		catch (InterruptedException ex) {
			fetch.cancel(true);
			Thread.currentThread().interrupt();
			throw new CredentialSourceException("interrupted while fetching from the " + this.delegate.type() + " source");
		}
	}

	@Override
	public String type() {
		return this.delegate.type();
	}

	@Override
	public String location() {
		return this.delegate.location();
	}

}
