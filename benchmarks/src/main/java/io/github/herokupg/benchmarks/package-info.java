/**
 * Benchmarks of the starter against baselines measured in the same run.
 */
@NullMarked
package io.github.herokupg.benchmarks;

import org.jspecify.annotations.NullMarked;
