package io.notiledger.projections.rebuild;

import io.notiledger.api.admin.ViewGenerationResponse;
import io.notiledger.api.admin.ViewGenerationsResponse;
import io.notiledger.api.error.ErrorCode;
import io.notiledger.api.error.LedgerException;
import io.notiledger.projections.BatchedViewWrites;
import io.notiledger.projections.ProjectionProperties;
import io.notiledger.projections.ViewIndexes;
import io.notiledger.projections.ViewProcessors;
import io.notiledger.projections.audit.NotificationAuditProjection;
import io.notiledger.projections.lag.TopicEnd;
import io.notiledger.projections.stats.DeliveryStatsProjection;
import io.notiledger.projections.status.NotificationStatusProjection;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts blue/green rebuilds of the views ({@link ViewRebuild}) and tells every view's generations. A rebuild is
 * claimed in the view's generations document first, so a second one, on this or another instance, is refused
 * while one runs; {@code all} claims every view or none.
 */
@Component
public class ViewRebuilds implements AutoCloseable {

    /** The views by the name operators give them, in the order they are shown. */
    public static final Map<String, String> VIEWS = views();

    private final ViewGenerations generations;
    private final ViewRebuild.Parts parts;
    private final ExecutorService runs = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "view-rebuild");
        thread.setDaemon(true);
        return thread;
    });

    public ViewRebuilds(ViewGenerations generations, MongoTemplate mongo, MongoDatabaseFactory database,
                        @Qualifier("serializer") Serializer serializer, StreamableKafkaMessageSource<?, ?> kafkaSource,
                        Configuration axon, BatchedViewWrites writes, TopicEnd topicEnd, ViewIndexes indexes,
                        ProjectionProperties properties, NotificationStatusProjection status,
                        NotificationAuditProjection audit, DeliveryStatsProjection stats) {
        this.generations = generations;
        TokenStore tokens = ViewProcessors.tokenStore(database, serializer);
        this.parts = new ViewRebuild.Parts(generations, mongo, tokens, kafkaSource, axon, writes, topicEnd, indexes,
                properties.batchSize(), Map.of(NotificationStatusProjection.PROCESSING_GROUP, status,
                NotificationAuditProjection.PROCESSING_GROUP, audit, DeliveryStatsProjection.PROCESSING_GROUP, stats));
    }

    private static Map<String, String> views() {
        Map<String, String> views = new LinkedHashMap<>();
        views.put("status", NotificationStatusProjection.PROCESSING_GROUP);
        views.put("audit", NotificationAuditProjection.PROCESSING_GROUP);
        views.put("stats", DeliveryStatsProjection.PROCESSING_GROUP);
        return views;
    }

    /**
     * Starts rebuilding the named view ({@code all}: every view) and answers at once; the rebuild runs on.
     *
     * @throws LedgerException {@code VALIDATION_FAILED} for an unknown view, {@code REBUILD_RUNNING} when one of the
     *                         views is being rebuilt already (then nothing was started)
     */
    public ViewGenerationsResponse start(String view, String operator) {
        List<String> groups = groupsOf(view);
        long total = ViewRebuild.eventsIn(parts.topicEnd().offsets());
        List<ViewRebuild> claimed = new ArrayList<>();
        for (String group : groups) {
            int live = generations.read(group).live();
            ViewRebuild rebuild = new ViewRebuild(parts, group, live + 1);
            if (!generations.claim(group, live, live + 1, operator, total)) {
                claimed.forEach(ViewRebuild::release);
                throw new LedgerException(ErrorCode.REBUILD_RUNNING, "A rebuild of the " + nameOf(group)
                        + " view runs already; `views status` shows its progress");
            }
            claimed.add(rebuild);
        }
        claimed.forEach(runs::submit);
        return status();
    }

    public ViewGenerationsResponse status() {
        return new ViewGenerationsResponse(VIEWS.entrySet().stream().map(view -> {
            ViewGenerations.State state = generations.read(view.getValue());
            return new ViewGenerationResponse(view.getKey(), view.getValue(), state.live(), state.building(), state.phase(), state.done(),
                    state.total(), state.eventsPerSecond(), state.operator(), state.error());
        }).toList());
    }

    private static List<String> groupsOf(String view) {
        if ("all".equals(view)) {
            return List.copyOf(VIEWS.values());
        }
        String group = view == null ? null : VIEWS.get(view);
        if (group == null) {
            // the client's text is not echoed: it would reach logs and dashboards as if the ledger had said it
            throw new LedgerException(ErrorCode.VALIDATION_FAILED, "No such view; the views are " + VIEWS.keySet() + " and all");
        }
        return List.of(group);
    }

    private static String nameOf(String group) {
        return VIEWS.entrySet().stream().filter(view -> view.getValue().equals(group)).map(Map.Entry::getKey)
                .findFirst().orElse(group);
    }

    @Override
    public void close() {
        runs.shutdownNow();
    }
}
