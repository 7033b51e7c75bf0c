package io.notiledger.api.admin;

import java.util.List;

/**
 * The parked events of one view (processing group), oldest notification first.
 *
 * @param parked how many events are parked in all; {@code events} lists at most the first thousand
 */
public record ParkedGroupResponse(String group, long parked, List<ParkedEventResponse> events) {
}
