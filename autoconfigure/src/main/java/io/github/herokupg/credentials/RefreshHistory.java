package io.github.herokupg.credentials;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.github.herokupg.credentials.RefreshResult.Outcome;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The record of refreshes and rejections behind {@link CredentialsStatus}.
 *
 * @author heroku-postgres-spring-boot-starter contributors
 */
final class RefreshHistory {

	private final Map<Outcome, AtomicLong> counts = new EnumMap<>(Outcome.class);

	private volatile @Nullable Instant lastRefresh;

	private volatile Instant lastChange;

	private volatile long changes;

	private volatile int consecutiveFailures;

	private volatile @Nullable String lastError;

	private volatile boolean denied;

	private volatile long rejectedGeneration;

	private volatile Instant rejectedAt = Instant.MIN;

	private volatile long hostChanges;

	private volatile long rejections;

	private volatile @Nullable String lastServerFailure;

	RefreshHistory(Instant loadedAt) {
		for (Outcome outcome : Outcome.values()) {
			this.counts.put(outcome, new AtomicLong());
		}
		this.lastRefresh = loadedAt;
		this.lastChange = loadedAt;
	}

	private AtomicLong count(Outcome outcome) {
		AtomicLong count = this.counts.get(outcome);
		Assert.state(count != null, "every outcome has a count");
		return count;
	}

	void denied(boolean denied) {
		this.denied = denied;
	}

	synchronized void fetched(Instant at, Outcome outcome) {
		this.denied = false;
		count(outcome).incrementAndGet();
		this.lastRefresh = at;
		this.consecutiveFailures = 0;
		this.lastError = null;
	}

	synchronized void changed(Instant at) {
		fetched(at, Outcome.CHANGED);
		this.lastChange = at;
		this.changes++;
	}

	synchronized void hostChanged() {
		this.hostChanges++;
	}

	void serverFailed(String description) {
		this.lastServerFailure = description;
	}

	synchronized void failed(String reason) {
		count(Outcome.FAILED).incrementAndGet();
		this.consecutiveFailures++;
		this.lastError = reason;
	}

	synchronized void rejected(long generation, Instant at) {
		this.rejectedGeneration = generation;
		this.rejectedAt = at;
		this.rejections++;
	}

	void accepted(long generation) {
		// called for every new connection: take the lock only when there is something to clear
		if (this.rejectedGeneration == generation) {
			synchronized (this) {
				if (this.rejectedGeneration == generation) {
					this.rejectedGeneration = 0;
				}
			}
		}
	}

	boolean isRejectedSince(long generation, Instant since) {
		return this.rejectedGeneration == generation && this.rejectedAt.isAfter(since);
	}

	CredentialsStatus status(CredentialsSnapshot snapshot, String sourceType, String sourceLocation) {
		Map<Outcome, Long> refreshes = new EnumMap<>(Outcome.class);
		this.counts.forEach((outcome, count) -> refreshes.put(outcome, count.get()));
		return new CredentialsStatus(snapshot, sourceType, sourceLocation,
				this.rejectedGeneration == snapshot.generation(), this.lastRefresh, this.lastChange, this.changes,
				this.consecutiveFailures, this.lastError, refreshes, this.denied, this.hostChanges,
				this.lastServerFailure, this.rejections);
	}

}
