package io.notiledger.api.query;

/** Answered with a {@link ViewLagResponse}: how far each view's processor is behind the events. */
public record FetchViewLagQuery() {
}
