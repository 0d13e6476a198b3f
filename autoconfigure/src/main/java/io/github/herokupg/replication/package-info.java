/**
 * Followers as both sides see them: what the last check found of each, the periodic
 * check of replay lag against the leader, and the turn each takes with read-only work.
 * Knows neither JDBC nor R2DBC: each side supplies its connections.
 */
@NullMarked
package io.github.herokupg.replication;

import org.jspecify.annotations.NullMarked;
