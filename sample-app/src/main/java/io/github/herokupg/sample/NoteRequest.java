package io.github.herokupg.sample;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * What a client sends to create a note.
 *
 * @param title the title, 1 to 200 characters
 * @param body the text, up to 10,000 characters
 */
public record NoteRequest(@NotBlank @Size(max = 200) String title, @Nullable @Size(max = 10_000) String body) {

}
