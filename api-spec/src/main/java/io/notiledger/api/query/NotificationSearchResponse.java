package io.notiledger.api.query;

import java.util.List;

/**
 * One page of a notification search.
 *
 * @param next where the next page starts; null when this page is the last
 */
public record NotificationSearchResponse(List<NotificationStatusResponse> items, PagePosition next) {
}
