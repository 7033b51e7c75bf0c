package io.notiledger.api.query;

import java.time.Instant;

/**
 * Answered with a {@link NotificationStatusResponse}: the status a notification had at {@code asOf}, folded from
 * its recorded events up to that instant; an empty result when it did not exist yet, is unknown, or belongs to
 * another tenant than {@code tenantId}. A null tenant (an operator's query) matches every tenant.
 */
public record FindNotificationStatusAsOfQuery(String notificationId, String tenantId, Instant asOf) {
}
