/**
 * The {@code databasecredentials} actuator endpoint and Micrometer metrics.
 */
@NullMarked
package io.github.herokupg.actuate;

import org.jspecify.annotations.NullMarked;
