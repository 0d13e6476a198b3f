package io.github.herokupg.sample;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Stores notes with {@link JdbcClient}; the schema is in {@code schema.sql}.
 */
@Repository
class NoteRepository {

	private final JdbcClient jdbc;

	NoteRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Note create(NoteRequest request) {
		return this.jdbc.sql("INSERT INTO note (title, body) VALUES (:title, :body) RETURNING *")
			.param("title", request.title())
			.param("body", (request.body() != null) ? request.body() : "")
			.query(Note.class)
			.single();
	}

	Optional<Note> findById(long id) {
		return this.jdbc.sql("SELECT * FROM note WHERE id = :id").param("id", id).query(Note.class).optional();
	}

	List<Note> findAll() {
		return this.jdbc.sql("SELECT * FROM note ORDER BY id").query(Note.class).list();
	}

}
