/**
 * R2DBC connections from the current credentials of an endpoint.
 */
@NullMarked
package io.github.herokupg.r2dbc;

import org.jspecify.annotations.NullMarked;
