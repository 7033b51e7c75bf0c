package io.notiledger.query.live;

import io.notiledger.api.notification.NotificationIdFormat;
import io.notiledger.api.query.NotificationStatusResponse;
import io.notiledger.query.web.BadQueryParameterException;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a stream is in the status view's changes, and the id of each event it sends: the change's time in epoch
 * milliseconds (the view keeps milliseconds) and the notification's id, as {@code 1764757200123_<id>}. A client
 * sends the last one it received back as {@code Last-Event-ID} to resume after it.
 */
record StreamPosition(Instant changedAt, String notificationId) implements Comparable<StreamPosition> {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,15})_(.{36})");

    static StreamPosition of(NotificationStatusResponse change) {
        return new StreamPosition(change.projectedAt(), change.notificationId());
    }

    static StreamPosition parse(String lastEventId) {
        Matcher matcher = FORMAT.matcher(lastEventId);
        if (!matcher.matches() || !NotificationIdFormat.isWellFormed(matcher.group(2))) {
            throw new BadQueryParameterException("Last-Event-ID", "is not an event id this stream sent");
        }
        return new StreamPosition(Instant.ofEpochMilli(Long.parseLong(matcher.group(1))), matcher.group(2));
    }

    String eventId() {
        return changedAt.toEpochMilli() + "_" + notificationId;
    }

    @Override
    public int compareTo(StreamPosition other) {
        int byTime = changedAt.compareTo(other.changedAt);
        return byTime != 0 ? byTime : notificationId.compareTo(other.notificationId);
    }
}
