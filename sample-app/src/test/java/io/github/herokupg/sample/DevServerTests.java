package io.github.herokupg.sample;

import io.github.herokupg.test.HerokuPostgresDatabase;
import io.github.herokupg.test.HerokuPostgresDevServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's one-command start: {@link HerokuPostgresDevServer} gives it a Heroku-like
 * database when {@code DATABASE_URL} is unset, and stays out of the way when it is set.
 */
class DevServerTests {

	@Test
	void startsTheApplicationOnAHerokuLikeDatabase() {
		try (ConfigurableApplicationContext context = run("--server.port=0")) {
			HerokuPostgresDatabase database = context.getBean(HerokuPostgresDatabase.class);
			assertThat(context.getEnvironment().getProperty("DATABASE_URL")).isEqualTo(database.databaseUrl());
			NoteRepository notes = context.getBean(NoteRepository.class);
			Note note = notes.create(new NoteRequest("at development time", null));
			database.rotateCredentials();
			assertThat(notes.findById(note.id())).isPresent();
		}
	}

	@Test
	void usesDatabaseUrlWhenItIsSet() {
		String url;
		try (ConfigurableApplicationContext context = run("--server.port=0")) {
			url = context.getBean(HerokuPostgresDatabase.class).databaseUrl();
		}
		try (ConfigurableApplicationContext context = run("--server.port=0", "--DATABASE_URL=" + url)) {
			assertThat(context.getBeanNamesForType(HerokuPostgresDatabase.class)).isEmpty();
			assertThat(context.getBean(NoteRepository.class).findAll()).isNotNull();
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		return SpringApplication.from(SampleApplication::main)
			.with(HerokuPostgresDevServer.class)
			.run(args)
			.getApplicationContext();
	}

}
