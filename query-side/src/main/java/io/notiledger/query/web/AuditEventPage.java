package io.notiledger.query.web;

import io.notiledger.api.query.AuditEventResponse;

import java.util.List;

/**
 * One page of {@code GET /v1/audit-events}.
 *
 * @param nextCursor the {@code cursor} of the next page; null when this page is the last
 */
public record AuditEventPage(List<AuditEventResponse> items, String nextCursor) {
}
