package io.notiledger.api.notification;

/** The states of the Notification aggregate (see DESIGN.md). */
public enum NotificationStatus {
    REQUESTED,
    SCHEDULED,
    QUEUED,
    SENDING,
    SENT,
    RETRY_SCHEDULED,
    DEAD_LETTERED,
    CANCELLED;

    public boolean isCancellable() {
        return this == REQUESTED || this == SCHEDULED || this == QUEUED || this == RETRY_SCHEDULED;
    }
}
