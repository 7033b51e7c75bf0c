package io.notiledger.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads notifications through the query API: it polls a sample of them until SENT becomes visible (the
 * end-to-end latency a client sees), and at the end fetches every one to account for it.
 */
final class StatusProbe implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_MILLIS = 100;

    private final HttpClient http;
    private final String baseUrl;
    private final BearerKey key;
    private final Map<String, Long> watched = new ConcurrentHashMap<>();
    private final Map<String, Long> lastPolled = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> visibleMicros = new ConcurrentLinkedQueue<>();
    private final AtomicLong reads = new AtomicLong();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();

    StatusProbe(HttpClient http, String baseUrl, BearerKey key) {
        this.http = http;
        this.key = key;
        this.baseUrl = baseUrl;
        poller.scheduleWithFixedDelay(this::pollWatched, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Start timing when SENT becomes visible for a notification requested at {@code dueAtMillis}. */
    void watch(String id, long dueAtMillis) {
        watched.put(id, dueAtMillis);
    }

    /** Status reads sent to the ledger so far (they cost it CPU too). */
    long reads() {
        return reads.get();
    }

    long[] visibleLatenciesMicros() {
        return visibleMicros.stream().mapToLong(Long::longValue).toArray();
    }

    int stillWatched() {
        return watched.size();
    }

    /**
     * Polls each watched notification again after 100 ms or a twentieth of its age, whichever is longer:
     * the latency measured is at most 5% (or 100 ms) late, and the probe's own load on the ledger stays
     * small even when notifications take long.
     */
    private void pollWatched() {
        List<CompletableFuture<Void>> polls = new ArrayList<>();
        long now = System.currentTimeMillis();
        watched.forEach((id, dueAt) -> {
            long interval = Math.max(POLL_MILLIS, (now - dueAt) / 20);
            if (now - lastPolled.getOrDefault(id, 0L) < interval) {
                return;
            }
            lastPolled.put(id, now);
            polls.add(fetch(id).thenAccept(status -> {
            if (status.isPresent() && "SENT".equals(status.get().path("status").asText())) {
                if (watched.remove(id) != null) {
                    lastPolled.remove(id);
                    visibleMicros.add((System.currentTimeMillis() - dueAt) * 1000);
                }
            }
        }));
        });
        CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).join();
    }

    /** The status view of one notification, empty while the view does not know it. */
    CompletableFuture<Optional<JsonNode>> fetch(String id) {
        HttpRequest request = key.on(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/notifications/" + id)))
                .timeout(Duration.ofSeconds(10)).GET().build();
        reads.incrementAndGet();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
            if (failure != null || response.statusCode() != 200) {
                return Optional.empty();
            }
            try {
                return Optional.of(JSON.readTree(response.body()));
            } catch (Exception e) {
                return Optional.empty();
            }
        });
    }

    /** Fetches every id (at most {@code parallel} at a time); returns the statuses found. */
    Map<String, JsonNode> fetchAll(List<String> ids, int parallel) throws InterruptedException {
        Map<String, JsonNode> found = new ConcurrentHashMap<>();
        Semaphore permits = new Semaphore(parallel);
        for (String id : ids) {
            permits.acquire();
            fetch(id).whenComplete((status, failure) -> {
                if (status != null) {
                    status.ifPresent(s -> found.put(id, s));
                }
                permits.release();
            });
        }
        permits.acquire(parallel);
        return found;
    }

    static Instant instant(JsonNode status, String field) {
        JsonNode value = status.path(field);
        return value.isTextual() ? Instant.parse(value.asText()) : null;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
