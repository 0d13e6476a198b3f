package io.github.herokupg.sample;

import java.time.OffsetDateTime;

/**
 * A note.
 *
 * @param id the id
 * @param title the title
 * @param body the text
 * @param createdAt when it was created
 */
public record Note(long id, String title, String body, OffsetDateTime createdAt) {

}
