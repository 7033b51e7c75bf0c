package io.notiledger.command.web;

/** The optional JSON body of {@code POST /v1/notifications/{id}/cancel}. */
public record CancelNotificationRequest(String reason) {
}
