package io.github.herokupg.credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import io.github.herokupg.credentials.source.ConnectionStringNotSetException;
import io.github.herokupg.credentials.source.ConnectionStrings;
import io.github.herokupg.credentials.source.CredentialSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One fetch for several config vars of the same source: the direct
 * {@code DATABASE_URL} and, say, the pooler's {@code DATABASE_CONNECTION_POOL_URL}. Each
 * variable gets a {@link CredentialSource} view; a fetch through any view asks the
 * source for every variable (one Platform API call answers them all), hands each other
 * variable its value and asks its endpoint to refresh, so a rotation reaches every
 * endpoint from the same fetch, whichever endpoint noticed it. Callers that arrive
 * while a fetch is in flight share its result.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public final class SharedFetch {

	private static final Log logger = LogFactory.getLog(SharedFetch.class);

	private final CredentialSource source;

	private final String primary;

	private final List<String> others;

	private final Object lock = new Object();

	private final AtomicLong fetches = new AtomicLong();

	private volatile @Nullable ConnectionStrings last;

	private final Map<String, ConnectionStrings> handedOver = new ConcurrentHashMap<>();

	private final Map<String, Runnable> refreshers = new ConcurrentHashMap<>();

	private final Executor executor;

	/**
	 * Create a shared fetch.
	 * @param source the source, configured for the primary variable
	 * @param primary the primary variable, such as {@code DATABASE_URL}
	 * @param others the further variables
	 * @param executor runs the other endpoints' refreshes after a fetch (the application
	 * context's background tasks, stopped with it)
	 */
	public SharedFetch(CredentialSource source, String primary, List<String> others, Executor executor) {
		this.source = source;
		this.primary = primary;
		this.others = List.copyOf(others);
		this.executor = executor;
	}

	/**
	 * Return the view of a variable.
	 * @param variable the primary variable or one of the others
	 * @return a source that answers that variable
	 */
	public CredentialSource source(String variable) {
		return new View(variable);
	}

	/**
	 * Fetch every variable now and return the answer, without handing it to the
	 * endpoints (for the first load, which decides which endpoints exist).
	 * @return the connection strings
	 */
	public ConnectionStrings fetchAll() {
		return fetch(null);
	}

	/**
	 * Return the answer of the latest fetch.
	 * @return the connection strings, or {@code null} before the first fetch
	 */
	public @Nullable ConnectionStrings last() {
		return this.last;
	}

	/**
	 * Register how to refresh the endpoint of a variable when another endpoint's fetch
	 * brought its value.
	 * @param variable the variable
	 * @param refresh refreshes that variable's credentials
	 */
	public void onFetchedByAnother(String variable, Runnable refresh) {
		this.refreshers.put(variable, refresh);
	}

	private ConnectionStrings fetch(@Nullable String requester) {
		long seen = this.fetches.get();
		ConnectionStrings result;
		synchronized (this.lock) {
			ConnectionStrings previous = this.last;
			if (this.fetches.get() != seen && previous != null) {
				// another caller fetched while this one waited: share its answer
				return previous;
			}
			result = this.source.fetchWith(this.others);
			this.last = result;
			this.fetches.incrementAndGet();
		}
		handOver(requester, result);
		return result;
	}

	private void handOver(@Nullable String requester, ConnectionStrings result) {
		if (requester == null) {
			return;
		}
		List<String> variables = new ArrayList<>(this.others);
		variables.add(this.primary);
		for (String variable : variables) {
			Runnable refresh = this.refreshers.get(variable);
			if (refresh != null && !variable.equals(requester)) {
				this.handedOver.put(variable, result);
				execute(variable, () -> {
					try {
						refresh.run();
					}
					catch (RuntimeException ex) {
						logger.warn("Refresh of " + variable + " after a shared fetch failed: "
								+ Secrets.maskConnectionStrings(String.valueOf(ex.getMessage())));
					}
				});
			}
		}
	}

	private void execute(String variable, Runnable refresh) {
		try {
			this.executor.execute(refresh);
		}
		catch (RejectedExecutionException ex) {
			// the answer stays handed over: the endpoint's next fetch takes it
			logger.debug("Refresh of " + variable + " after a shared fetch not run now");
		}
	}

	private String valueOf(String variable, ConnectionStrings strings) {
		String value = variable.equals(this.primary) ? strings.primary() : strings.get(variable);
		if (value == null) {
			throw new ConnectionStringNotSetException(variable);
		}
		return value;
	}

	private final class View implements CredentialSource {

		private final String variable;

		View(String variable) {
			this.variable = variable;
		}

		@Override
		public String fetch() {
			ConnectionStrings handed = SharedFetch.this.handedOver.remove(this.variable);
			return valueOf(this.variable, (handed != null) ? handed : SharedFetch.this.fetch(this.variable));
		}

		@Override
		public String type() {
			return SharedFetch.this.source.type();
		}

		@Override
		public String location() {
			String location = SharedFetch.this.source.location();
			if (this.variable.equals(SharedFetch.this.primary) || location.equals(SharedFetch.this.primary)) {
				return this.variable.equals(SharedFetch.this.primary) ? location : this.variable;
			}
			return location + " [" + this.variable + "]";
		}

	}

}
