/**
 * Where connection strings come from
 * ({@link io.github.herokupg.credentials.source.CredentialSource}): the environment, a
 * file, a command, the Heroku Platform API, and the pacing of the API's rate limit.
 */
@NullMarked
package io.github.herokupg.credentials.source;

import org.jspecify.annotations.NullMarked;
