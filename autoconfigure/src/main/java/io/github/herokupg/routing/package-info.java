/**
 * Read-only work on followers: routing, the lag guard and fallback to the leader.
 */
@NullMarked
package io.github.herokupg.routing;

import org.jspecify.annotations.NullMarked;
