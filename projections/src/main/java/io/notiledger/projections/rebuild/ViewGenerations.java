package io.notiledger.projections.rebuild;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.notiledger.projections.audit.AuditEntryView;
import io.notiledger.projections.audit.NotificationAuditProjection;
import io.notiledger.projections.stats.DeliveryStatsProjection;
import io.notiledger.projections.stats.DeliveryStatsView;
import io.notiledger.projections.stats.NotificationOrigin;
import io.notiledger.projections.status.NotificationStatusProjection;
import io.notiledger.projections.status.NotificationStatusView;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which generation of each view is live, kept in MongoDB (collection {@value #COLLECTION}, one document per view,
 * {@code _id} = the view's processing group) so that every query-side instance reads and writes the same one.
 * Generation 0 is the view's own collections ({@code notification_status}); generation n its collections with
 * {@code _n} appended. A rebuild builds generation live + 1 while the live one serves, then switches.
 * <p>
 * Reads resolve the live generation from a copy at most {@link #CACHE} old, so an instance sees a switch within
 * that time; the old generation is dropped well after it. A thread that builds a generation ({@link #building})
 * resolves that view's collections to the generation it builds. The view processors' writes are checked
 * against a fresh read at the end of each batch ({@link #checkLiveWrites}).
 */
public class ViewGenerations {

    public static final String COLLECTION = "view_generations";
    static final Duration CACHE = Duration.ofSeconds(1);
    /** A rebuild whose progress was last written this long ago ran on an instance that is gone: another may start. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    /** The views' collections (their generation 0 names) by the processing group that builds them. */
    public static final Map<String, List<String>> COLLECTIONS_BY_VIEW = Map.of(
            NotificationStatusProjection.PROCESSING_GROUP, List.of(NotificationStatusView.COLLECTION),
            NotificationAuditProjection.PROCESSING_GROUP, List.of(AuditEntryView.COLLECTION),
            DeliveryStatsProjection.PROCESSING_GROUP, List.of(DeliveryStatsView.COLLECTION, NotificationOrigin.COLLECTION));

    private static final ThreadLocal<Building> BUILDING = new ThreadLocal<>();

    private final MongoCollection<Document> documents;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public ViewGenerations(MongoCollection<Document> documents) {
        this.documents = documents;
    }

    /** A generation being built by the current thread: that view's collections resolve to it on this thread. */
    public record Building(String view, int generation) {
    }

    static void buildOnThisThread(Building building) {
        BUILDING.set(building);
    }

    /** The view (processing group) a collection belongs to, if it is a view's collection. */
    static Optional<String> viewOf(String baseCollection) {
        return COLLECTIONS_BY_VIEW.entrySet().stream().filter(view -> view.getValue().contains(baseCollection))
                .map(Map.Entry::getKey).findFirst();
    }

    public static String collectionName(String baseCollection, int generation) {
        return generation == 0 ? baseCollection : baseCollection + "_" + generation;
    }

    /** The collection this thread reads and writes for a view's base collection; any other collection as it is. */
    public String resolve(String baseCollection) {
        Optional<String> view = viewOf(baseCollection);
        if (view.isEmpty()) {
            return baseCollection;
        }
        Building building = BUILDING.get();
        if (building != null && building.view().equals(view.get())) {
            return collectionName(baseCollection, building.generation());
        }
        return collectionName(baseCollection, live(view.get()));
    }

    /** The live generation of a view, as read at most {@link #CACHE} ago. */
    public int live(String view) {
        Cached cached = cache.get(view);
        if (cached != null && System.nanoTime() - cached.readAt < CACHE.toNanos()) {
            return cached.live;
        }
        return read(view).live();
    }

    /** The view's state, read now (and the cached copy renewed). */
    public State read(String view) {
        State state = State.of(view, documents.find(Filters.eq("_id", view)).first());
        cache.put(view, new Cached(state.live(), System.nanoTime()));
        return state;
    }

    /**
     * Refuses a view processor's batch whose writes go to a collection that is not, right now, the live generation's,
     * or that is about to end while a rebuild takes over: the batch fails before writing and is handled again. The
     * thread that builds a generation may write it.
     */
    public void checkLiveWrites(Collection<String> collections) {
        Building building = BUILDING.get();
        for (String collection : collections) {
            String base = collection.replaceFirst("_\\d+$", "");
            Optional<String> view = viewOf(base);
            if (view.isEmpty() || building != null && building.view().equals(view.get())) {
                continue;
            }
            State state = read(view.get());
            if (state.handingOver()) {
                throw new ViewGenerationChangingException(view.get() + " is handing over to its rebuilt generation");
            }
            if (!collection.equals(collectionName(base, state.live()))) {
                throw new ViewGenerationChangingException(view.get() + " switched to generation " + state.live());
            }
        }
    }

    /** Marks a rebuild of the view as started: true if none ran, false (nothing changed) if one does. */
    boolean claim(String view, int live, int building, String operator, long total) {
        documents.updateOne(Filters.eq("_id", view), Updates.setOnInsert("live", 0), new UpdateOptions().upsert(true));
        Document claimed = documents.findOneAndUpdate(
                Filters.and(Filters.eq("_id", view), Filters.eq("live", live), Filters.or(Filters.eq("building", null),
                        Filters.lt("updatedAt", new Date(System.currentTimeMillis() - ABANDONED_AFTER.toMillis())))),
                Updates.combine(Updates.set("building", building), Updates.set("phase", State.BUILDING),
                        Updates.set("operator", operator), Updates.set("startedAt", new Date()),
                        Updates.set("updatedAt", new Date()),
                        Updates.set("done", 0L), Updates.set("total", total), Updates.set("eventsPerSecond", 0.0),
                        Updates.unset("error")),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return claimed != null;
    }

    void progress(String view, long done, long total, double eventsPerSecond) {
        update(view, Updates.combine(Updates.set("done", done), Updates.set("total", total),
                Updates.set("eventsPerSecond", eventsPerSecond), Updates.set("updatedAt", new Date())));
    }

    void handOver(String view) {
        update(view, Updates.combine(Updates.set("phase", State.HANDING_OVER), Updates.set("handingOverSince", new Date())));
    }

    /** A hand-over that took too long: the live processors resume, the rebuild goes on and tries again. */
    void buildAgain(String view) {
        update(view, Updates.set("phase", State.BUILDING));
    }

    /** The one write that switches every instance's reads and the live processors' writes to the new generation. */
    void switchTo(String view, int generation) {
        update(view, Updates.combine(Updates.set("live", generation), Updates.unset("building"), Updates.unset("phase"),
                Updates.set("switchedAt", new Date())));
    }

    /** A rebuild that ended without switching: the live generation stays, the error is shown by the status. */
    void abandon(String view, String error) {
        update(view, Updates.combine(Updates.unset("building"), Updates.unset("phase"), Updates.set("error", error)));
    }

    private void update(String view, Bson update) {
        documents.updateOne(Filters.eq("_id", view), update);
    }

    /**
     * A view's generations.
     *
     * @param building the generation being built, or null
     * @param phase    {@link #BUILDING} or {@link #HANDING_OVER} while a rebuild runs, else null
     */
    public record State(String view, int live, Integer building, String phase, long done, long total,
                        double eventsPerSecond, String operator, String error, Date handingOverSince) {

        static final String BUILDING = "BUILDING";
        static final String HANDING_OVER = "HANDING_OVER";

        static State of(String view, Document document) {
            if (document == null) {
                return new State(view, 0, null, null, 0, 0, 0, null, null, null);
            }
            return new State(view, number(document, "live").intValue(),
                    document.get("building") == null ? null : number(document, "building").intValue(),
                    document.getString("phase"), number(document, "done").longValue(), number(document, "total").longValue(),
                    number(document, "eventsPerSecond").doubleValue(), document.getString("operator"),
                    document.getString("error"), document.getDate("handingOverSince"));
        }

        private static Number number(Document document, String field) {
            return document.get(field) instanceof Number number ? number : 0;
        }

        public boolean rebuilding() {
            return building != null;
        }

        /** A hand-over its rebuild has not ended in twice its limit was left by an instance that is gone: it is over. */
        boolean handingOver() {
            return HANDING_OVER.equals(phase) && handingOverSince != null
                    && System.currentTimeMillis() - handingOverSince.getTime() < ViewRebuild.HANDOVER_LIMIT.toMillis() * 2;
        }
    }

    private record Cached(int live, long readAt) {
    }
}
