package io.github.herokupg.sample;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.test.HerokuPostgres;
import io.github.herokupg.test.HerokuPostgresDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A repository test in Boot's JDBC slice on the Heroku-like database: the slice keeps
 * the starter's TLS-enforced {@code DataSource} instead of an embedded one.
 */
@JdbcTest
@HerokuPostgres
@Import(NoteRepository.class)
class NoteRepositoryTests {

	@Autowired
	NoteRepository notes;

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DatabaseCredentials credentials;

	@Test
	void runsOnTheStartersDataSourceOverTls(HerokuPostgresDatabase database) {
		assertThat(this.dataSource).isInstanceOf(HikariDataSource.class);
		assertThat(this.credentials.current().url().connectionProperties().getProperty("sslmode")).isEqualTo("require");
		assertThat(this.jdbc.sql("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
			.query(Boolean.class)
			.single()).isTrue();
		assertThat(this.jdbc.sql("SELECT current_user").query(String.class).single())
			.isEqualTo(database.databaseUrl().substring("postgres://".length()).split(":")[0]);
	}

	@Test
	void storesAndFindsNotes() {
		Note created = this.notes.create(new NoteRequest("sliced", "in a @JdbcTest"));
		assertThat(this.notes.findById(created.id())).hasValueSatisfying((note) -> assertThat(note.body())
			.isEqualTo("in a @JdbcTest"));
	}

}
