package io.notiledger.api.query;

import java.util.List;

/**
 * One page of an audit search.
 *
 * @param next where the next page starts; null when this page is the last
 */
public record AuditSearchResponse(List<AuditEventResponse> items, PagePosition next) {
}
