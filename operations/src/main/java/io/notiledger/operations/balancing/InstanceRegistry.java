package io.notiledger.operations.balancing;

import java.time.Instant;

/**
 * Where the instances of one side say that they are alive, in a store they all share: a side knows how many
 * of its instances run, and so what share of each processor's segments is fair.
 */
public interface InstanceRegistry {

    /** Records that this instance is alive now. */
    void heartbeat(String instance, Instant now);

    /** The instances whose last heartbeat is not older than {@code since}. */
    int liveSince(Instant since);
}
