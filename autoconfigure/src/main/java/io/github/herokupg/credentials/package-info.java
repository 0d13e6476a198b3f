/**
 * Where connection strings come from ({@link io.github.herokupg.credentials.CredentialSource})
 * and the current credentials snapshot every new connection reads
 * ({@link io.github.herokupg.credentials.DatabaseCredentials}).
 */
@NullMarked
package io.github.herokupg.credentials;

import org.jspecify.annotations.NullMarked;
