package io.github.herokupg.sample;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Creates, lists and fetches notes. Errors are answered as problem details.
 */
@RestController
@RequestMapping("/notes")
class NoteController {

	private final NoteRepository notes;

	NoteController(NoteRepository notes) {
		this.notes = notes;
	}

	@PostMapping
	ResponseEntity<Note> create(@Valid @RequestBody NoteRequest request) {
		Note note = this.notes.create(request);
		return ResponseEntity.created(URI.create("/notes/" + note.id())).body(note);
	}

	@GetMapping
	List<Note> list() {
		return this.notes.findAll();
	}

	@GetMapping("/{id}")
	Note get(@PathVariable long id) {
		return this.notes.findById(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no note " + id));
	}

}
