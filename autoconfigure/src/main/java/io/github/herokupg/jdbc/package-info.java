/**
 * The credential-aware {@link javax.sql.DataSource} that opens every physical connection
 * with the current credentials.
 */
@NullMarked
package io.github.herokupg.jdbc;

import org.jspecify.annotations.NullMarked;
