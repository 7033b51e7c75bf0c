package io.notiledger.projections.stats;

import io.notiledger.api.query.DeliveryStatsResponse;
import io.notiledger.api.query.FetchDeliveryStatsQuery;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answers statistics queries from {@code delivery_stats}, within the asking tenant: the stored minutes of the
 * range (without their marks) are added up into buckets of the asked width, aligned to UTC.
 */
@Component
public class DeliveryStatsQueryHandler {

    private final MongoTemplate mongo;

    public DeliveryStatsQueryHandler(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    public DeliveryStatsResponse handle(FetchDeliveryStatsQuery query) {
        Criteria criteria = query.tenantId() == null ? new Criteria() : Criteria.where("tenantId").is(query.tenantId());
        criteria.and("minute").gte(query.from()).lt(query.to());
        if (query.channel() != null) {
            criteria.and("channel").is(query.channel());
        }
        Query minutes = Query.query(criteria);
        minutes.fields().exclude("appliedEvents").exclude(InFlightMarks.FIELD);
        long width = query.granularity().width().getSeconds();
        Map<Instant, StatsSum> buckets = new TreeMap<>();
        StatsSum totals = new StatsSum(query.from());
        for (DeliveryStatsView minute : mongo.find(minutes, DeliveryStatsView.class)) {
            Instant start = Instant.ofEpochSecond(Math.floorDiv(minute.minute().getEpochSecond(), width) * width);
            buckets.computeIfAbsent(start, StatsSum::new).add(minute);
            totals.add(minute);
        }
        return new DeliveryStatsResponse(query.from(), query.to(), query.granularity(), query.channel(),
                LatencyHistogram.BOUNDS_MILLIS, buckets.values().stream().map(StatsSum::counts).toList(), totals.counts());
    }
}
