package io.notiledger.command.metrics;

/** The tenant and channel of a notification, as its request named them. */
record NotificationOrigin(String tenant, String channel) {

    static final NotificationOrigin UNKNOWN = new NotificationOrigin("unknown", "unknown");
}
