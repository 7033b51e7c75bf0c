package io.notiledger.api.query;

import java.time.Instant;

/**
 * Where a page of a newest-first search ended: the sort key of its last row (the time it is sorted by, then its id
 * for rows of the same time). The next page starts strictly after it, so rows added meanwhile neither repeat nor
 * push others out of the pages still to come.
 */
public record PagePosition(Instant at, String id) {
}
