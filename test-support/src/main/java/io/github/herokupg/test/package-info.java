/**
 * A Heroku-like PostgreSQL for an application's own tests: {@link HerokuPostgres} and
 * the {@link HerokuPostgresDatabase} handle, and {@link HerokuPostgresDevServer} for
 * running the application at development time.
 */
@NullMarked
package io.github.herokupg.test;

import org.jspecify.annotations.NullMarked;
