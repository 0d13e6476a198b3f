package io.github.herokupg.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.herokupg.credentials.DatabaseCredentials;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.json.JsonParserFactory;

/**
 * Push refresh from Heroku app webhooks ({@code heroku webhooks:add -i api:release}): a
 * delivery whose {@code Heroku-Webhook-Hmac-SHA256} signature matches the shared secret
 * (compared in constant time) and whose release changed a watched config var triggers
 * one refresh. A bad or missing signature is refused without a refresh and without
 * saying why; a delivery seen before (the same event id) triggers nothing again.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class ReleaseWebhook {

	private static final Log logger = LogFactory.getLog(ReleaseWebhook.class);

	private static final int REMEMBERED_DELIVERIES = 1000;

	private final byte[] secret;

	private final DatabaseCredentials credentials;

	private final List<String> watched;

	private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > REMEMBERED_DELIVERIES;
		}

	};

	/**
	 * Create the webhook.
	 * @param secret the shared secret of the webhook ({@code heroku webhooks:add -s})
	 * @param credentials the credentials to refresh (a fetch refreshes every endpoint)
	 * @param watchedVariables the config vars whose change is worth a refresh
	 */
	public ReleaseWebhook(String secret, DatabaseCredentials credentials, Collection<String> watchedVariables) {
		this.secret = secret.getBytes(StandardCharsets.UTF_8);
		this.credentials = credentials;
		this.watched = List.copyOf(watchedVariables);
	}

	/**
	 * Handle one delivery.
	 * @param body the request body, exactly as received
	 * @param signature the {@code Heroku-Webhook-Hmac-SHA256} header, or {@code null}
	 * @return what was done
	 */
	public Outcome handle(byte[] body, @Nullable String signature) {
		if (!isSigned(body, signature)) {
			return Outcome.REFUSED;
		}
		Map<String, Object> event;
		try {
			event = JsonParserFactory.getJsonParser().parseMap(new String(body, StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			return Outcome.IGNORED;
		}
		String id = String.valueOf(event.get("id"));
		synchronized (this.seen) {
			if (this.seen.putIfAbsent(id, Boolean.TRUE) != null) {
				return Outcome.DUPLICATE;
			}
		}
		if (!"release".equals(event.get("resource")) || !changesWatchedVariable(event.get("data"))) {
			return Outcome.IGNORED;
		}
		logger.info("A Heroku release changed a watched config var: refreshing the database credentials");
		this.credentials.requestRefresh();
		return Outcome.REFRESHED;
	}

	private boolean isSigned(byte[] body, @Nullable String signature) {
		if (signature == null) {
			return false;
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
			byte[] expected = Base64.getEncoder().encode(mac.doFinal(body));
			return MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	/**
	 * Heroku describes config changes in the release: "Set DATABASE_URL config vars",
	 * "Update DATABASE by heroku-postgresql" (an attachment, named without
	 * {@code _URL}).
	 */
	private boolean changesWatchedVariable(@Nullable Object data) {
		if (!(data instanceof Map<?, ?> release) || !(release.get("description") instanceof String description)) {
			return false;
		}
		for (String variable : this.watched) {
			String attachment = variable.endsWith("_URL") ? variable.substring(0, variable.length() - 4) : variable;
			if (description.contains(variable) || description.matches(".*\\b" + attachment + "\\b.*")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What a delivery led to.
	 */
	public enum Outcome {

		/** The signature was missing or wrong: nothing was done. */
		REFUSED,

		/** The event was seen before: nothing was done again. */
		DUPLICATE,

		/** The event changed no watched config var. */
		IGNORED,

		/** The credentials were refreshed. */
		REFRESHED

	}

}
