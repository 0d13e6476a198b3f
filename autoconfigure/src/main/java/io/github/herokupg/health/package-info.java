/**
 * Actuator health integration: whether the credentials the pool holds are fresh and
 * accepted.
 */
@NullMarked
package io.github.herokupg.health;

import org.jspecify.annotations.NullMarked;
