package io.notiledger.api.event;

import java.time.Duration;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Attempt {@code nextAttemptNumber} will be queued at {@code nextAttemptAt}, after a back-off with jitter. */
@Revision("1")
public record RetryScheduledEvent(String notificationId, int nextAttemptNumber, Instant nextAttemptAt, Duration backoff) {
}
