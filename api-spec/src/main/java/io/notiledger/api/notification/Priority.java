package io.notiledger.api.notification;

/** The priority class of a notification: it selects the attempt limit and the back-off of its retries. */
public enum Priority {
    HIGH,
    NORMAL,
    LOW
}
