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

    /** A notification in a final state never changes again except by an operator's re-drive. */
    public boolean isFinal() {
        return this == SENT || this == DEAD_LETTERED || this == CANCELLED;
    }

    public boolean isCancellable() {
        return this == REQUESTED || this == SCHEDULED || this == QUEUED || this == RETRY_SCHEDULED;
    }
}
