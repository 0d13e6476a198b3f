package io.github.herokupg.jdbc;

import java.util.function.Consumer;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.herokupg.credentials.CredentialsSnapshot;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Soft-evicts the connections of a Hikari pool when the credentials change: idle
 * connections are closed and replaced, in-use ones are closed when returned, so every
 * connection soon runs with the new credentials and on the new host.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class HikariSoftEviction implements Consumer<CredentialsSnapshot> {

	private static final Log logger = LogFactory.getLog(HikariSoftEviction.class);

	private final HikariDataSource dataSource;

	/**
	 * Create a listener for a pool.
	 * @param dataSource the pool
	 */
	public HikariSoftEviction(HikariDataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void accept(CredentialsSnapshot snapshot) {
		HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
		if (pool != null) {
			logger.debug("Soft-evicting " + pool.getTotalConnections() + " connections of pool "
					+ this.dataSource.getPoolName() + " after a change to generation " + snapshot.generation());
			pool.softEvictConnections();
		}
	}

}
