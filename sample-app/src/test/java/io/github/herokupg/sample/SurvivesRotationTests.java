package io.github.herokupg.sample;

import io.github.herokupg.test.HerokuPostgres;
import io.github.herokupg.test.HerokuPostgresDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test every application on Heroku Postgres can have: it keeps working when Heroku
 * rotates the password, restarts the database or moves it to new hardware.
 */
@SpringBootTest
@HerokuPostgres
class SurvivesRotationTests {

	@Autowired
	NoteRepository notes;

	@Test
	void keepsWorkingWhenHerokuRotates(HerokuPostgresDatabase database) {
		this.notes.create(new NoteRequest("before", null));
		database.rotateCredentials();
		Note after = this.notes.create(new NoteRequest("after", null));
		assertThat(this.notes.findById(after.id())).isPresent();
	}

	@Test
	void keepsWorkingWhenTheDatabaseRestarts(HerokuPostgresDatabase database) {
		this.notes.create(new NoteRequest("before restart", null));
		database.restart();
		assertThat(this.notes.findAll()).extracting(Note::title).contains("before restart");
	}

	@Test
	void keepsWorkingWhenTheDatabaseMoves(HerokuPostgresDatabase database) {
		Note before = this.notes.create(new NoteRequest("before move", null));
		database.moveHost();
		assertThat(this.notes.findById(before.id())).isPresent();
	}

}
