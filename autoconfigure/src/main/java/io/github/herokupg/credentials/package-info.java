/**
 * The current credentials snapshot every new connection of an endpoint reads
 * ({@link io.github.herokupg.credentials.DatabaseCredentials}), the fetches that replace
 * it and what the logins tell; where connection strings come from is
 * {@link io.github.herokupg.credentials.source}.
 */
@NullMarked
package io.github.herokupg.credentials;

import org.jspecify.annotations.NullMarked;
