package io.github.herokupg.slices;

import javax.sql.DataSource;

import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.test.HerokuPostgres;
import io.github.herokupg.test.HerokuPostgresDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's JPA slice with {@link HerokuPostgres}: the repository runs on the starter's
 * {@code DataSource} against the Heroku-like server, not on an embedded database, and
 * keeps working across a rotation.
 */
// this module's test classpath also has Flyway and Liquibase, without migrations
@DataJpaTest(properties = { "spring.jpa.hibernate.ddl-auto=create-drop", "spring.liquibase.enabled=false",
		"spring.flyway.enabled=false" })
@HerokuPostgres
class DataJpaSliceTests {

	@Autowired
	GreetingRepository greetings;

	@Autowired
	DatabaseCredentials credentials;

	@Autowired
	DataSource dataSource;

	@Test
	void repositoryRunsOnTheStartersDataSourceOverTls(HerokuPostgresDatabase database) {
		Greeting saved = this.greetings.saveAndFlush(new Greeting("hello"));
		assertThat(this.greetings.findById(saved.getId())).hasValueSatisfying((found) -> assertThat(found.getText())
			.isEqualTo("hello"));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		assertThat(jdbc.queryForObject("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", Boolean.class))
			.isTrue();
		assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");
		assertThat(this.credentials.current().url().database()).isEqualTo(database.databaseUrl()
			.substring(database.databaseUrl().lastIndexOf('/') + 1));
	}

}
