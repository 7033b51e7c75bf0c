package io.notiledger.query.web;

import io.notiledger.api.query.NotificationStatusResponse;

import java.util.List;

/**
 * One page of {@code GET /v1/notifications}.
 *
 * @param nextCursor the {@code cursor} of the next page; null when this page is the last
 */
public record NotificationPage(List<NotificationStatusResponse> items, String nextCursor) {
}
