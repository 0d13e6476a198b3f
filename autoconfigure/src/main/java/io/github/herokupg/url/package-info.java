/**
 * Parsing of Heroku-style {@code DATABASE_URL} connection strings into a validated
 * {@link io.github.herokupg.url.DatabaseUrl}, following libpq's rules and translating
 * libpq parameter names to pgjdbc ones.
 */
@NullMarked
package io.github.herokupg.url;

import org.jspecify.annotations.NullMarked;
