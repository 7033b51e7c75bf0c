package io.notiledger.command.history;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One event as an auditor reads it: what happened, when, to which notification of which tenant, who caused it,
 * the client's correlation id, and the event's own details (recipient masked, body left out).
 */
public record AuditRecord(String type, Instant time, String notificationId, long sequence, String tenant, String actor,
                          String correlationId, JsonNode details) {
}
