package io.notiledger.api.notification;

/** The medium a notification travels on. One notification has exactly one channel. */
public enum Channel {
    EMAIL,
    SMS,
    PUSH,
    WEBHOOK
}
