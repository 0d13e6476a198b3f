/**
 * Push refresh from Heroku app webhooks.
 */
@NullMarked
package io.github.herokupg.webhook;

import org.jspecify.annotations.NullMarked;
