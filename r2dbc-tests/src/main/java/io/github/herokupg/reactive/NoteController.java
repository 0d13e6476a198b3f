package io.github.herokupg.reactive;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Writes and reads notes.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@RestController
class NoteController {

	private final NoteRepository notes;

	NoteController(NoteRepository notes) {
		this.notes = notes;
	}

	@PostMapping("/notes")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<Note> add(@RequestBody String text) {
		return this.notes.save(new Note(null, text));
	}

	@GetMapping("/notes/{id}")
	Mono<Note> get(@PathVariable long id) {
		return this.notes.findById(id).switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND)));
	}

	@GetMapping("/notes/count")
	Mono<Long> count() {
		return this.notes.count();
	}

}
