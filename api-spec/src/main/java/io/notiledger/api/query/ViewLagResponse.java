package io.notiledger.api.query;

import java.time.Instant;
import java.util.List;

/** How far each view is behind the newest event on the topic, measured at {@code measuredAt}. */
public record ViewLagResponse(Instant measuredAt, List<ProcessorLag> processors) {

    /**
     * @param processingGroup the view's processor
     * @param eventsBehind    events on the topic the processor has not handled yet; null when this instance
     *                        holds none of its segments (another instance does) or the topic cannot be read
     * @param caughtUp        whether every segment this instance holds has caught up with the topic
     * @param replaying       whether it is rebuilding its view from the start
     */
    public record ProcessorLag(String processingGroup, Long eventsBehind, boolean caughtUp, boolean replaying) {
    }
}
