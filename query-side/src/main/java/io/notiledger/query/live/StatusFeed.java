package io.notiledger.query.live;

import io.notiledger.api.query.FetchStatusChangesQuery;
import io.notiledger.api.query.NotificationStatusResponse;
import io.notiledger.api.query.StatusChangesResponse;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One stream's reading of the status view's changes. Each poll reads again from {@code overlap} before the newest
 * change sent, page by page, and sends what it has not sent yet: a change that became visible after a later one
 * (the view's batch was still being written) is sent late rather than never. Not thread-safe: a stream polls
 * one poll at a time.
 */
final class StatusFeed {

    private final QueryGateway queries;
    private final String tenantId;
    private final LiveStreamProperties properties;
    /** Positions sent within the overlap behind the newest one; older ones are forgotten. */
    private final NavigableSet<StreamPosition> sent = new TreeSet<>();
    /** The client has every change at or before it: the resumed position, or where the stream started. */
    private StreamPosition floor;
    private StreamPosition newest;

    StatusFeed(QueryGateway queries, String tenantId, LiveStreamProperties properties, StreamPosition resumeAfter) {
        this.queries = queries;
        this.tenantId = tenantId;
        this.properties = properties;
        this.floor = resumeAfter;
        this.newest = resumeAfter;
    }

    /** The changes not sent yet, oldest first; the first poll of a stream that does not resume gives the latest few. */
    List<NotificationStatusResponse> poll() {
        if (floor == null) {
            List<NotificationStatusResponse> latest = query(new FetchStatusChangesQuery(tenantId, null, null, properties.initialChanges()));
            // an empty view: everything from now on is new
            newest = new StreamPosition(Instant.now().minus(properties.overlap()), "");
            latest.forEach(change -> remember(StreamPosition.of(change)));
            floor = newest;
            return latest;
        }
        StreamPosition lookBack = new StreamPosition(newest.changedAt().minus(properties.overlap()), "");
        StreamPosition after = lookBack.compareTo(floor) > 0 ? lookBack : floor;
        List<NotificationStatusResponse> unsent = new ArrayList<>();
        List<NotificationStatusResponse> page;
        do {
            page = query(new FetchStatusChangesQuery(tenantId, after.changedAt(), after.notificationId(), properties.pageSize()));
            for (NotificationStatusResponse change : page) {
                StreamPosition position = StreamPosition.of(change);
                if (position.compareTo(floor) > 0 && !sent.contains(position)) {
                    unsent.add(change);
                    remember(position);
                }
                after = position;
            }
        } while (page.size() == properties.pageSize());
        sent.headSet(new StreamPosition(newest.changedAt().minus(properties.overlap()), ""), false).clear();
        return unsent;
    }

    private void remember(StreamPosition position) {
        sent.add(position);
        if (position.compareTo(newest) > 0) {
            newest = position;
        }
    }

    private List<NotificationStatusResponse> query(FetchStatusChangesQuery query) {
        try {
            return queries.query(query, ResponseTypes.instanceOf(StatusChangesResponse.class))
                    .get(5, TimeUnit.SECONDS).changes();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the status view", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The status view did not answer within 5 s", e);
        }
    }
}
