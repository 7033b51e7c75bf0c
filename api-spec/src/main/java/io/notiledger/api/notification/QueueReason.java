package io.notiledger.api.notification;

/** Why a notification entered the delivery queue. */
public enum QueueReason {
    REQUESTED,
    SCHEDULE_DUE,
    RETRY_DUE,
    REDRIVE
}
