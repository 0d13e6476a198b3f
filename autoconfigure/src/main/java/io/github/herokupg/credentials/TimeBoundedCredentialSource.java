package io.github.herokupg.credentials;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Bounds every fetch of another source by a timeout, so a hung file system, network or
 * command cannot hold back a refresh for longer than {@code heroku.postgres.source.timeout}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class TimeBoundedCredentialSource implements CredentialSource {

	private final CredentialSource delegate;

	private final Duration timeout;

	/**
	 * Wrap a source.
	 * @param delegate the source to bound
	 * @param timeout the bound on one fetch
	 */
	public TimeBoundedCredentialSource(CredentialSource delegate, Duration timeout) {
		this.delegate = delegate;
		this.timeout = timeout;
	}

	@Override
	public String fetch() {
		return bounded(this.delegate::fetch);
	}

	@Override
	public ConnectionStrings fetchWith(Collection<String> variables) {
		return bounded(() -> this.delegate.fetchWith(variables));
	}

	private <T> T bounded(Supplier<T> action) {
		CompletableFuture<T> fetch = CompletableFuture.supplyAsync(action, (task) -> {
			Thread thread = new Thread(task, "heroku-postgres-fetch");
			thread.setDaemon(true);
			thread.start();
		});
		try {
			return fetch.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			fetch.cancel(true);
			throw new CredentialSourceException(this.delegate.type() + " source did not answer within "
					+ this.timeout.toMillis() + "ms");
		}
		catch (ExecutionException | CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof CredentialSourceException sourceException) {
				throw sourceException;
			}
			throw new CredentialSourceException(
					this.delegate.type() + " source failed (" + cause.getClass().getSimpleName() + ")");
		}
		catch (InterruptedException ex) {
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
