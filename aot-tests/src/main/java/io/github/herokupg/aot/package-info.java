/**
 * An application built with Spring AOT on the starter.
 */
@NullMarked
package io.github.herokupg.aot;

import org.jspecify.annotations.NullMarked;
