package io.github.herokupg.webhook;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives Heroku app webhooks at {@code heroku.postgres.webhook.path} (only when
 * {@code heroku.postgres.webhook.enabled=true}). A refused delivery gets 401 with an
 * empty body, whatever the reason.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
@RestController
public class ReleaseWebhookController {

	private final ReleaseWebhook webhook;

	/**
	 * Create the controller.
	 * @param webhook the webhook
	 */
	public ReleaseWebhookController(ReleaseWebhook webhook) {
		this.webhook = webhook;
	}

	@PostMapping("${heroku.postgres.webhook.path:/heroku/webhooks}")
	public ResponseEntity<Void> receive(@RequestBody(required = false) byte @Nullable [] body,
			@RequestHeader(name = "Heroku-Webhook-Hmac-SHA256", required = false) @Nullable String signature) {
		ReleaseWebhook.Outcome outcome = this.webhook.handle((body != null) ? body : new byte[0], signature);
		return (outcome == ReleaseWebhook.Outcome.REFUSED) ? ResponseEntity.status(401).build()
				: ResponseEntity.noContent().build();
	}

}
