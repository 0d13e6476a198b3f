/**
 * The Micrometer observations of the starter: their names, contextual names and key
 * names ({@link io.github.herokupg.observation.HerokuPostgresObservation}).
 */
@NullMarked
package io.github.herokupg.observation;

import org.jspecify.annotations.NullMarked;
