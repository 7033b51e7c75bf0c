package io.notiledger.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends notification requests over the ledger's real HTTP API, either at a fixed offered rate (latency
 * counted from the moment a request was due, so a slow server cannot hide its queueing) or as fast as
 * {@code concurrency} clients go.
 */
final class LoadGenerator {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** One request the ledger accepted: its id, when it was due (epoch ms) and how long the answer took. */
    record Accepted(String id, long dueAtMillis, long latencyMicros, boolean measured) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final BearerKey key;
    private final Queue<Accepted> accepted = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    LoadGenerator(String baseUrl, BearerKey key) {
        this.endpoint = URI.create(baseUrl + "/v1/notifications");
        this.key = key;
    }

    /** Runs the load for {@code duration}; every accepted request is handed to {@code onAccepted}. */
    void run(BenchmarkOptions options, Duration duration, boolean measured, Consumer<Accepted> onAccepted)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(options.concurrency());
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long interval = options.rate() > 0 ? (long) (1_000_000_000L / options.rate()) : 0;
        long next = start;
        while (System.nanoTime() < end) {
            if (interval > 0) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            long due = interval > 0 ? next : System.nanoTime();
            next += interval;
            inFlight.acquire();
            send(due, measured, onAccepted).whenComplete((ok, failure) -> inFlight.release());
        }
        inFlight.acquire(options.concurrency());
        inFlight.release(options.concurrency());
    }

    private CompletableFuture<Void> send(long dueNanos, boolean measured, Consumer<Accepted> onAccepted) {
        long n = sequence.incrementAndGet();
        long dueAtMillis = System.currentTimeMillis() - (System.nanoTime() - dueNanos) / 1_000_000;
        String body = "{\"channel\":\"EMAIL\",\"recipient\":\"bench" + (n % 1000) + "@example.com\","
                + "\"subject\":\"Benchmark " + n + "\",\"body\":\"Notification number " + n + " of the benchmark.\"}";
        HttpRequest request = key.on(HttpRequest.newBuilder(endpoint)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "bench-" + ProcessHandle.current().pid() + "-" + n)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
            long latencyMicros = (System.nanoTime() - dueNanos) / 1000;
            if (failure != null) {
                error(failure.getCause() instanceof HttpTimeoutException || failure instanceof HttpTimeoutException
                        ? "timeout" : "io:" + rootCause(failure).getClass().getSimpleName());
            } else if (response.statusCode() != 202) {
                error("http-" + response.statusCode());
            } else {
                Matcher id = ID.matcher(response.body());
                if (id.find()) {
                    Accepted ok = new Accepted(id.group(1), dueAtMillis, latencyMicros, measured);
                    accepted.add(ok);
                    onAccepted.accept(ok);
                } else {
                    error("no-id-in-202");
                }
            }
            return null;
        });
    }

    private void error(String kind) {
        errors.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    Queue<Accepted> accepted() {
        return accepted;
    }

    Map<String, Long> errors() {
        Map<String, Long> copy = new TreeMap<>();
        errors.forEach((kind, count) -> copy.put(kind, count.get()));
        return copy;
    }

    HttpClient http() {
        return http;
    }
}
