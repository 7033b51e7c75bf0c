package io.notiledger.api.query;

import java.util.List;

public record NotificationAuditResponse(String notificationId, List<AuditEntryResponse> entries) {
}
