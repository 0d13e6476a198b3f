/**
 * The sample application.
 */
@NullMarked
package io.github.herokupg.sample;

import org.jspecify.annotations.NullMarked;
