package io.github.herokupg.reactive;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A note, one row of {@code notes}.
 *
 * @param id the id, {@code null} before it is saved
 * @param text the text
 * @author heroku-postgres-spring-boot-starter contributors
 */
@Table("notes")
public record Note(@Id @Nullable Long id, String text) {
}
