package io.github.herokupg.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of the starter. Each one is a span when tracing is on and a timer
 * (with a {@code .active} long task timer) when Micrometer's meter handler is; every key
 * is low-cardinality and none carries a secret or a host.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public enum HerokuPostgresObservation implements ObservationDocumentation {

	/**
	 * One fetch of an endpoint's connection string from its source, with the validating
	 * login of new credentials inside it.
	 */
	CREDENTIALS_FETCH {

		@Override
		public String getName() {
			return "heroku.postgres.credentials.fetch";
		}

		@Override
		public String getContextualName() {
			return "heroku-postgres credentials fetch";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return FetchKeys.values();
		}

	},

	/**
	 * One login with credentials that are not in use yet (before they become current) or
	 * that nothing used for a while (the health check's probe).
	 */
	CREDENTIALS_VALIDATION {

		@Override
		public String getName() {
			return "heroku.postgres.credentials.validation";
		}

		@Override
		public String getContextualName() {
			return "heroku-postgres credentials validation";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ValidationKeys.values();
		}

	},

	/**
	 * The move of one pool's connections to new credentials, or to the new hosts of a
	 * database that moved.
	 */
	CONNECTION_REPLACEMENT {

		@Override
		public String getName() {
			return "heroku.postgres.connections.replacement";
		}

		@Override
		public String getContextualName() {
			return "heroku-postgres connection replacement";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ReplacementKeys.values();
		}

	};

	/**
	 * The keys of {@link #CREDENTIALS_FETCH}.
	 */
	public enum FetchKeys implements KeyName {

		/** The endpoint: {@code primary}, {@code pooler}, a follower's or an attachment's config var. */
		ENDPOINT {
			@Override
			public String asString() {
				return "endpoint";
			}
		},

		/** The source type: {@code env}, {@code file}, {@code command} or {@code heroku-api}. */
		SOURCE {
			@Override
			public String asString() {
				return "source";
			}
		},

		/** What the fetch did: {@code changed}, {@code unchanged} or {@code failed}. */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		}

	}

	/**
	 * The keys of {@link #CREDENTIALS_VALIDATION}.
	 */
	public enum ValidationKeys implements KeyName {

		/** The endpoint, as for {@link FetchKeys#ENDPOINT}. */
		ENDPOINT {
			@Override
			public String asString() {
				return "endpoint";
			}
		},

		/** Why it logged in: {@code new-credentials} or {@code probe}. */
		PURPOSE {
			@Override
			public String asString() {
				return "purpose";
			}
		},

		/**
		 * What the database said: {@code accepted}, {@code rejected} (a password
		 * rejection) or {@code failed} (anything else).
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		}

	}

	/**
	 * The keys of {@link #CONNECTION_REPLACEMENT}.
	 */
	public enum ReplacementKeys implements KeyName {

		/** The pool's name, as in HikariCP's meters. */
		POOL {
			@Override
			public String asString() {
				return "pool";
			}
		},

		/**
		 * How the connections moved: {@code rolling} (one at a time), {@code immediate}
		 * (soft eviction) or {@code moved} (soft eviction because the hosts changed).
		 */
		MODE {
			@Override
			public String asString() {
				return "mode";
			}
		},

		/**
		 * How it ended: {@code replaced}, {@code nothing-older}, {@code evicted} (gave up
		 * at the deadline, or soft eviction) or {@code failed}.
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		}

	}

}
