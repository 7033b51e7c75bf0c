package io.notiledger.api.query;

import java.util.List;

/** Status views that changed, oldest change first; each one's {@code projectedAt} and id are its position. */
public record StatusChangesResponse(List<NotificationStatusResponse> changes) {
}
