package io.notiledger.admin;

import io.notiledger.api.notification.NotificationStatus;
import io.notiledger.projections.status.RecordedStatusChange;
import io.notiledger.projections.status.StatusChange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The status view compared with the store's events folded by the view's own rules ({@link RecordedStatusChange},
 * that is {@code StatusFold}). The view's documents are given first; each notification's events are then folded
 * as they come, but only up to the sequence its document reports as applied: events the view has not projected
 * yet are counted, not compared, so a lagging view is no mismatch. Per notification it keeps a few fields, never
 * its events, so a million notifications fit.
 */
public class VerifyComparison {

    /** One difference: the notification, the field, what the store's events say and what the view says. */
    public record Mismatch(String notificationId, String field, String storeSays, String viewSays) {
    }

    /** What the view holds of one notification. */
    private record Viewed(String tenant, String status, Long applied) {
    }

    /** One notification's events folded so far (up to the view's applied sequence). */
    private static final class Folded {
        NotificationStatus status;
        long lastFolded = -1;
        long lastStored = -1;
    }

    private final Map<String, Viewed> view = new HashMap<>();
    private final Map<String, Folded> store = new HashMap<>();
    private long events;
    private long notYetProjected;

    /** A document of the status view; {@code applied} null when it holds no number. */
    public void viewed(String id, String tenant, String status, Long applied) {
        view.put(id, new Viewed(tenant, status, applied));
    }

    /** A stored event of a notification, in its notification's order; its details as the history export gives them. */
    public void stored(String id, long sequence, String type, String tenant, Map<String, Object> details) {
        events++;
        Folded folded = store.computeIfAbsent(id, key -> new Folded());
        folded.lastStored = Math.max(folded.lastStored, sequence);
        Viewed viewed = view.get(id);
        if (viewed == null || viewed.applied() == null || sequence > viewed.applied()) {
            notYetProjected++;
            return;
        }
        StatusChange change = RecordedStatusChange.of(type, tenant, details);
        if (change.status() != null) {
            folded.status = change.status();
        }
        folded.lastFolded = sequence;
    }

    public Result result() {
        List<Mismatch> mismatches = new ArrayList<>();
        Map<String, Long> storeCounts = new TreeMap<>();
        Map<String, Long> viewCounts = new TreeMap<>();
        long lagging = 0;
        for (Map.Entry<String, Viewed> entry : view.entrySet()) {
            String id = entry.getKey();
            Viewed viewed = entry.getValue();
            viewCounts.merge(String.valueOf(viewed.status()), 1L, Long::sum);
            Folded folded = store.get(id);
            if (folded == null) {
                mismatches.add(new Mismatch(id, "notification", "no events", "a document (" + viewed.status() + ")"));
                continue;
            }
            if (viewed.applied() == null) {
                mismatches.add(new Mismatch(id, "lastAppliedSequence", Long.toString(folded.lastStored), "not a number"));
                continue;
            }
            if (viewed.applied() > folded.lastStored) {
                mismatches.add(new Mismatch(id, "lastAppliedSequence", Long.toString(folded.lastStored),
                        Long.toString(viewed.applied())));
                continue;
            }
            if (folded.lastStored > viewed.applied()) {
                lagging++;
            }
            String storeStatus = String.valueOf(folded.status);
            storeCounts.merge(storeStatus, 1L, Long::sum);
            if (!storeStatus.equals(String.valueOf(viewed.status()))) {
                mismatches.add(new Mismatch(id, "status", storeStatus, String.valueOf(viewed.status())));
            }
        }
        long notInView = store.keySet().stream().filter(id -> !view.containsKey(id)).count();
        mismatches.sort(java.util.Comparator.comparing(Mismatch::notificationId).thenComparing(Mismatch::field));
        return new Result(view.size(), store.size(), events, notYetProjected, lagging, notInView, storeCounts, viewCounts,
                mismatches);
    }

    /**
     * The tally: documents in the view, notifications and events in the store, events not projected yet (of
     * notifications whose view lags, {@code lagging}, or has no document yet, {@code notInView}), notifications per
     * status by the store's events (up to what the view applied) and by the view, and the mismatches.
     */
    public record Result(long documents, long notifications, long events, long notYetProjected, long lagging,
                         long notInView, Map<String, Long> storeCounts, Map<String, Long> viewCounts,
                         List<Mismatch> mismatches) {
    }
}
