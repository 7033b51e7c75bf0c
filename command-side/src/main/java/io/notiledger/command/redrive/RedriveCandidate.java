package io.notiledger.command.redrive;

import io.notiledger.api.notification.Channel;

import java.time.Instant;

/** A dead-lettered notification as its history tells it: whose, on which channel, why it was given up and when. */
public record RedriveCandidate(String notificationId, String tenant, Channel channel, String errorCode,
                               Instant deadLetteredAt) {
}
