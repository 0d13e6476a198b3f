/**
 * Auto-configuration that turns a Heroku {@code DATABASE_URL} into an SSL-enforced
 * HikariCP {@link javax.sql.DataSource}.
 */
@NullMarked
package io.github.herokupg.autoconfigure;

import org.jspecify.annotations.NullMarked;
