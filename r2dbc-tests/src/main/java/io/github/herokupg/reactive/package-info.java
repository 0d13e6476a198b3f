/**
 * A reactive application on the R2DBC starter.
 */
@NullMarked
package io.github.herokupg.reactive;

import org.jspecify.annotations.NullMarked;
