package io.github.herokupg.reactive;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * The notes, through Spring Data R2DBC.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public interface NoteRepository extends ReactiveCrudRepository<Note, Long> {

}
