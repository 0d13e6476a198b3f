package io.github.herokupg.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.herokupg.credentials.DatabaseCredentials;
import io.github.herokupg.credentials.RefreshResult;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.json.JsonParserFactory;

/**
 * Push refresh from Heroku app webhooks ({@code heroku webhooks:add -i api:release}): a
 * delivery whose {@code Heroku-Webhook-Hmac-SHA256} signature matches the shared secret
 * (compared in constant time) and whose release changed a watched config var triggers
 * one refresh. A bad or missing signature is refused without a refresh and without
 * saying why; a signed delivery whose own {@code created_at} is more than five minutes
 * from now is refused too (a replay, even after a restart); a delivery seen before (the
 * same event id) triggers nothing again. A refresh the floor between requested fetches
 * holds back is not dropped: it runs when the floor ends.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
public class ReleaseWebhook {

	private static final Log logger = LogFactory.getLog(ReleaseWebhook.class);

	private static final int REMEMBERED_DELIVERIES = 1000;

	/** The largest body read: a release event is a few kilobytes. */
	public static final int MAX_BODY = 64 * 1024;

	/** How far a delivery's own timestamp may be from now. */
	static final Duration FRESHNESS = Duration.ofMinutes(5);

	private final Clock clock;

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
	 * @param clock the clock that decides whether a delivery is fresh
	 */
	public ReleaseWebhook(String secret, DatabaseCredentials credentials, Collection<String> watchedVariables,
			Clock clock) {
		this.clock = clock;
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
	public Delivery handle(byte[] body, @Nullable String signature) {
		return handle(body, body.length, signature);
	}

	/**
	 * Handle one delivery read into a buffer.
	 * @param buffer the buffer holding the body
	 * @param length the length of the body in the buffer
	 * @param signature the {@code Heroku-Webhook-Hmac-SHA256} header, or {@code null}
	 * @return what was done
	 */
	public Delivery handle(byte[] buffer, int length, @Nullable String signature) {
		if (!isSigned(buffer, length, signature)) {
			return new Delivery(Outcome.REFUSED, null);
		}
		Map<String, Object> event;
		try {
			event = JsonParserFactory.getJsonParser().parseMap(new String(buffer, 0, length, StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			return new Delivery(Outcome.IGNORED, null);
		}
		if (!isFresh(event.get("created_at"))) {
			logger.warn("A signed webhook delivery was refused: its created_at is missing or more than "
					+ FRESHNESS.toMinutes() + " minutes from now (a replay, or a clock that is off)");
			return new Delivery(Outcome.STALE, null);
		}
		String id = String.valueOf(event.get("id"));
		synchronized (this.seen) {
			if (this.seen.putIfAbsent(id, Boolean.TRUE) != null) {
				return new Delivery(Outcome.DUPLICATE, null);
			}
		}
		if (!"release".equals(event.get("resource")) || !changesWatchedVariable(event.get("data"))) {
			return new Delivery(Outcome.IGNORED, null);
		}
		logger.info("A Heroku release changed a watched config var: refreshing the database credentials");
		DatabaseCredentials.PushedRefresh pushed = this.credentials.pushRefresh();
		RefreshResult result = pushed.result();
		return (result != null) ? new Delivery(Outcome.REFRESHED, result.outcome().value())
				: new Delivery(Outcome.DEFERRED, String.valueOf(pushed.deferredUntil()));
	}

	private boolean isFresh(@Nullable Object createdAt) {
		if (!(createdAt instanceof String text) || text.length() > 64) {
			return false;
		}
		try {
			Instant at = OffsetDateTime.parse(text).toInstant();
			return Duration.between(at, this.clock.instant()).abs().compareTo(FRESHNESS) <= 0;
		}
		catch (DateTimeParseException ex) {
			return false;
		}
	}

	private boolean isSigned(byte[] buffer, int length, @Nullable String signature) {
		if (signature == null || signature.length() > 128) {
			return false;
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
			mac.update(buffer, 0, length);
			byte[] expected = Base64.getEncoder().encode(mac.doFinal());
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
	 *
	 * @param outcome the outcome
	 * @param detail the refresh's outcome ({@code changed}, {@code unchanged},
	 * {@code failed}), or when a deferred refresh runs; {@code null} otherwise
	 */
	public record Delivery(Outcome outcome, @Nullable String detail) {

	}

	/**
	 * What a delivery led to.
	 */
	public enum Outcome {

		/** The signature was missing or wrong: nothing was done. */
		REFUSED,

		/** Signed, but its timestamp is missing or too far from now: nothing was done. */
		STALE,

		/** The body is larger than {@link #MAX_BODY}: not read further. */
		TOO_LARGE,

		/**
		 * The refresh runs when the floor between requested fetches ends, as a fetch
		 * ran just before.
		 */
		DEFERRED,

		/** The event was seen before: nothing was done again. */
		DUPLICATE,

		/** The event changed no watched config var. */
		IGNORED,

		/** The credentials were refreshed. */
		REFRESHED

	}

}
