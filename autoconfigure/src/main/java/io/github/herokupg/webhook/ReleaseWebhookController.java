package io.github.herokupg.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives Heroku app webhooks at {@code heroku.postgres.webhook.path} (only when
 * {@code heroku.postgres.webhook.enabled=true}). The body is read as a stream into at
 * most {@link ReleaseWebhook#MAX_BODY} bytes before anything else: a larger one is
 * answered 413 without reading further, so an unauthenticated caller cannot make the
 * application hold more. A refused delivery (bad signature, or signed but not fresh) gets
 * 401 with an empty body, whatever the reason; every other answer says what happened.
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

	/**
	 * Receive one delivery: at most {@code MAX_BODY} bytes, signed with the shared secret.
	 * @param body the request body
	 * @param contentLength the declared length, if any
	 * @param signature the {@code Heroku-Webhook-Hmac-SHA256} header, if any
	 * @return the outcome, as a status and a one-word body
	 * @throws IOException if the body cannot be read
	 */
	@PostMapping("${heroku.postgres.webhook.path:/heroku/webhooks}")
	public ResponseEntity<Map<String, String>> receive(InputStream body,
			@RequestHeader(name = "Content-Length", required = false) @Nullable Long contentLength,
			@RequestHeader(name = "Heroku-Webhook-Hmac-SHA256", required = false) @Nullable String signature)
			throws IOException {
		if (contentLength != null && contentLength > ReleaseWebhook.MAX_BODY) {
			return answer(new ReleaseWebhook.Delivery(ReleaseWebhook.Outcome.TOO_LARGE, null));
		}
		// a declared length sizes the buffer; a body that goes on past it is refused as too large
		byte[] buffer = new byte[(contentLength != null && contentLength >= 0) ? contentLength.intValue()
				: ReleaseWebhook.MAX_BODY];
		int length = readAtMost(body, buffer);
		if (length < 0) {
			return answer(new ReleaseWebhook.Delivery(ReleaseWebhook.Outcome.TOO_LARGE, null));
		}
		return answer(this.webhook.handle(buffer, length, signature));
	}

	/**
	 * Read the body into the buffer; {@code -1} if it does not fit.
	 */
	private static int readAtMost(InputStream body, byte[] buffer) throws IOException {
		int length = 0;
		while (length < buffer.length) {
			int read = body.read(buffer, length, buffer.length - length);
			if (read < 0) {
				return length;
			}
			length += read;
		}
		return (body.read() < 0) ? length : -1;
	}

	private static ResponseEntity<Map<String, String>> answer(ReleaseWebhook.Delivery delivery) {
		HttpStatus status = switch (delivery.outcome()) {
			case REFUSED, STALE -> HttpStatus.UNAUTHORIZED;
			case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
			case DEFERRED -> HttpStatus.ACCEPTED;
			case DUPLICATE, IGNORED, REFRESHED -> HttpStatus.OK;
		};
		if (status == HttpStatus.UNAUTHORIZED) {
			return ResponseEntity.status(status).build();
		}
		Map<String, String> body = new LinkedHashMap<>();
		body.put("outcome", delivery.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
		if (delivery.detail() != null) {
			body.put((delivery.outcome() == ReleaseWebhook.Outcome.DEFERRED) ? "refreshAt" : "refresh",
					delivery.detail());
		}
		return ResponseEntity.status(status).body(body);
	}

}
