package io.notiledger.api.admin;

import java.util.List;

/** Every view's parked events. */
public record ParkedEventsResponse(List<ParkedGroupResponse> groups) {
}
