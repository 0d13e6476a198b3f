/**
 * The servers behind {@link io.github.herokupg.test.HerokuPostgres}: a PostgreSQL
 * configured as Heroku's is, a real PgBouncer in front of it, and the certificates and
 * credentials they use. Public for tests that need more than the handle gives; not a
 * stable API.
 */
package io.github.herokupg.test.server;
