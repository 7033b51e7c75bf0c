package io.notiledger.api.admin;

/**
 * What a retry of parked events did.
 *
 * @param processed   parked events applied to their view and removed from the parked ones
 * @param stillParked events still parked afterwards, in the views the retry covered
 */
public record RetryParkedEventsResponse(long processed, long stillParked) {
}
