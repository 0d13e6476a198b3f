package io.github.herokupg.autoconfigure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the names of the followers' pools, JDBC and R2DBC alike.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
class FollowerPoolsTests {

	@Test
	void namesAPoolAfterItsVariableWithoutTheUrlSuffix() {
		assertThat(FollowerPools.beanName("HEROKU_POSTGRESQL_PINK_URL"))
			.isEqualTo("herokuPostgresqlPinkFollowerDataSource");
		assertThat(FollowerPools.beanName("HEROKU_POSTGRESQL_PINK_URL", "FollowerConnectionFactory"))
			.isEqualTo("herokuPostgresqlPinkFollowerConnectionFactory");
	}

	@Test
	void leavesAVariableThatNamesADataSourceAsItIs() {
		// the kind of pool is a suffix, never a replacement inside the variable's own name
		assertThat(FollowerPools.beanName("REPORTING_DATA_SOURCE_URL", "FollowerConnectionFactory"))
			.isEqualTo("reportingDataSourceFollowerConnectionFactory");
	}

}
