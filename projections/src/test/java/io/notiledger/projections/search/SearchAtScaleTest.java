package io.notiledger.projections.search;

import io.notiledger.api.notification.NotificationStatus;
import io.notiledger.api.notification.Priority;
import io.notiledger.api.query.AuditEventResponse;
import io.notiledger.api.query.AuditSearchResponse;
import io.notiledger.api.query.NotificationSearchResponse;
import io.notiledger.api.query.NotificationStatusResponse;
import io.notiledger.api.query.PagePosition;
import io.notiledger.api.query.SearchAuditEventsQuery;
import io.notiledger.api.query.SearchNotificationsQuery;
import io.notiledger.projections.MongoStandIn;
import io.notiledger.projections.RecipientHash;
import io.notiledger.projections.ViewIndexes;
import io.notiledger.projections.ViewProperties;
import io.notiledger.projections.audit.AuditEntryView;
import io.notiledger.projections.audit.AuditSearchQueryHandler;
import io.notiledger.projections.status.NotificationSearchQueryHandler;
import io.notiledger.projections.status.NotificationStatusView;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static io.notiledger.projections.LedgerEvents.HASH_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Search and audit search over views loaded directly with many notifications (default 2,000; figures with
 * {@code -Dledger.search.scale.notifications=100000}): every page of 50 holds only matches, newest first, and pages
 * followed by cursor neither repeat nor skip; the latency of each kind of search is logged (p50, p99).
 * The MongoDB stand-in ignores non-unique indexes and scans, so these figures bound the stand-in, not a real
 * MongoDB with the declared indexes.
 */
class SearchAtScaleTest {

    private static final Logger figures = LoggerFactory.getLogger(SearchAtScaleTest.class);
    private static final int NOTIFICATIONS = Integer.getInteger("ledger.search.scale.notifications", 2_000);
    private static final int TENANTS = 10;
    private static final int SEARCHES = Integer.getInteger("ledger.search.scale.searches", 30);
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final NotificationStatus[] STATUSES = {NotificationStatus.SENT, NotificationStatus.SENT,
            NotificationStatus.SENT, NotificationStatus.DEAD_LETTERED, NotificationStatus.RETRY_SCHEDULED};

    private static MongoStandIn mongoServer;
    private static MongoTemplate mongo;
    private static RecipientHash hash;
    private static NotificationSearchQueryHandler notifications;
    private static AuditSearchQueryHandler audit;

    @BeforeAll
    static void load() {
        mongoServer = new MongoStandIn();
        mongo = mongoServer.template("scale-test");
        hash = new RecipientHash(new ViewProperties(HASH_KEY));
        notifications = new NotificationSearchQueryHandler(mongo, hash);
        audit = new AuditSearchQueryHandler(mongo);
        new ViewIndexes(mongo).create();
        long started = System.nanoTime();
        List<Document> statuses = new ArrayList<>();
        List<Document> entries = new ArrayList<>();
        for (int i = 0; i < NOTIFICATIONS; i++) {
            String id = String.format("%08d-0000-4000-8000-000000000000", i);
            String tenant = "tenant-" + i % TENANTS;
            Date requestedAt = Date.from(T0.plusMillis(i * 100L));
            NotificationStatus status = STATUSES[i / TENANTS % STATUSES.length]; // every tenant has every status
            statuses.add(new Document("_id", id).append("tenantId", tenant).append("channel", "EMAIL")
                    .append("priority", Priority.values()[i % 3].name()).append("recipient", "u***r@example.com")
                    .append("recipientHash", hash.of(recipientOf(i)).orElseThrow())
                    .append("metadataEntries", List.of("template=t" + i % 7)).append("status", status.name())
                    .append("attempts", 1).append("correlationId", "order-" + i % 1000).append("requestedAt", requestedAt)
                    .append("updatedAt", requestedAt).append("lastAppliedSequence", 3L));
            String[] types = {"NotificationRequested", "NotificationQueued", "DeliveryAttemptStarted",
                    status == NotificationStatus.SENT ? "NotificationSent" : "DeliveryAttemptFailed"};
            for (int sequence = 0; sequence < types.length; sequence++) {
                Document entry = new Document("_id", id + ":" + String.format("%010d", sequence)).append("notificationId", id)
                        .append("sequence", (long) sequence).append("type", types[sequence]).append("tenantId", tenant)
                        .append("occurredAt", Date.from(T0.plusMillis(i * 100L + sequence * 10L)))
                        .append("actor", sequence == 0 ? "key_" + i % TENANTS : "delivery").append("correlationId", "order-" + i % 1000)
                        .append("details", new Document());
                if (types[sequence].equals("DeliveryAttemptFailed")) {
                    entry.append("errorCode", i / TENANTS % 2 == 0 ? "SMTP_TRANSIENT_REJECT" : "SMTP_550");
                }
                entries.add(entry);
            }
            if (statuses.size() == 5_000) {
                flush(statuses, entries);
            }
        }
        flush(statuses, entries);
        figures.info("loaded {} notifications and {} audit entries into the stand-in in {} ms", NOTIFICATIONS,
                NOTIFICATIONS * 4, (System.nanoTime() - started) / 1_000_000);
    }

    @AfterAll
    static void stop() {
        mongoServer.close();
    }

    @Test
    void everyPageOfFiftyHoldsOnlyMatchesNewestFirst() {
        measure("search, tenant only", i -> search(tenant(i), null, null, null, null), page -> assertPage(page, null));
        measure("search, tenant + status", i -> search(tenant(i), NotificationStatus.DEAD_LETTERED, null, null, null),
                page -> assertPage(page, NotificationStatus.DEAD_LETTERED));
        measure("search, tenant + correlationId", i -> search(tenant(i), null, "order-" + i % 1000, null, null),
                page -> assertThat(page.items()).isNotEmpty().allSatisfy(item -> assertThat(item.correlationId()).startsWith("order-")));
        measure("search, tenant + recipient", i -> search(tenant(i), null, null, recipientOf(i), null),
                page -> assertThat(page.items()).isNotEmpty());
        measure("audit search, tenant + type", i -> auditSearch(tenant(i), "DeliveryAttemptFailed", null),
                page -> assertThat(page.items()).allSatisfy(entry -> assertThat(entry.type()).isEqualTo("DeliveryAttemptFailed")));
        measure("audit search, tenant + errorCode", i -> auditSearch(tenant(i), null, "SMTP_TRANSIENT_REJECT"),
                page -> assertThat(page.items()).isNotEmpty());
    }

    @Test
    void pagesFollowedByCursorNeitherRepeatNorSkip() {
        List<String> seen = new ArrayList<>();
        NotificationSearchResponse page = notifications.handle(query("tenant-3", null, null, null, null, 50));
        seen.addAll(page.items().stream().map(NotificationStatusResponse::notificationId).toList());
        while (page.next() != null) {
            page = notifications.handle(query("tenant-3", null, null, null, page.next(), 50));
            seen.addAll(page.items().stream().map(NotificationStatusResponse::notificationId).toList());
        }
        assertThat(seen).doesNotHaveDuplicates().hasSize(NOTIFICATIONS / TENANTS);
        assertThat(seen).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    private interface Search<T> {
        T run(int i);
    }

    private static <T> void measure(String name, Search<T> search, java.util.function.Consumer<T> check) {
        for (int i = 0; i < 5; i++) {
            search.run(i); // warm-up
        }
        long[] nanos = new long[SEARCHES];
        for (int i = 0; i < SEARCHES; i++) {
            long started = System.nanoTime();
            T page = search.run(i);
            nanos[i] = System.nanoTime() - started;
            check.accept(page);
        }
        java.util.Arrays.sort(nanos);
        figures.info("{} over {} notifications: p50 {} ms, p99 {} ms ({} searches, page of 50)", name, NOTIFICATIONS,
                nanos[SEARCHES / 2] / 1_000_000.0, nanos[(int) Math.ceil(SEARCHES * 0.99) - 1] / 1_000_000.0, SEARCHES);
    }

    private static void assertPage(NotificationSearchResponse page, NotificationStatus status) {
        assertThat(page.items()).hasSizeLessThanOrEqualTo(50).isNotEmpty();
        assertThat(page.items()).extracting(NotificationStatusResponse::requestedAt)
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        if (status != null) {
            assertThat(page.items()).allSatisfy(item -> assertThat(item.status()).isEqualTo(status));
        }
    }

    private static NotificationSearchResponse search(String tenant, NotificationStatus status, String correlationId,
                                                     String recipient, PagePosition after) {
        return notifications.handle(query(tenant, status, correlationId, recipient, after, 50));
    }

    private static SearchNotificationsQuery query(String tenant, NotificationStatus status, String correlationId,
                                                  String recipient, PagePosition after, int limit) {
        return new SearchNotificationsQuery(tenant, status, null, null, correlationId, recipient, null, null, null, after, limit);
    }

    private static AuditSearchResponse auditSearch(String tenant, String type, String errorCode) {
        return audit.handle(new SearchAuditEventsQuery(tenant, type, null, null, null, errorCode, null, null, 50));
    }

    private static String tenant(int i) {
        return "tenant-" + i % TENANTS;
    }

    /** Recipient i of 2,000, each in one tenant only (2,000 is a multiple of the 10 tenants). */
    private static String recipientOf(int i) {
        return "user" + i % 2000 + "@example.com";
    }

    private static void flush(List<Document> statuses, List<Document> entries) {
        if (!statuses.isEmpty()) {
            mongo.getCollection(NotificationStatusView.COLLECTION).insertMany(statuses);
            mongo.getCollection(AuditEntryView.COLLECTION).insertMany(entries);
        }
        statuses.clear();
        entries.clear();
    }
}
