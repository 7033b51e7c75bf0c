package io.notiledger.standalone;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Many clients send the same first request with one idempotency key at the same moment. */
final class IdempotencyRace {

    private IdempotencyRace() {
    }

    /** Runs the race and checks that all were answered with one notification, created once; returns its id. */
    static String run(LedgerClient client, int clients) throws Exception {
        String key = "race-" + UUID.randomUUID();
        Map<String, Object> request = LedgerClient.email("race@example.com", "Only once");
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Callable<String>> senders = IntStream.range(0, clients)
                    .mapToObj(i -> (Callable<String>) () -> client.send(request, key)).toList();
            List<String> ids = pool.invokeAll(senders).stream().map(IdempotencyRace::get).distinct().toList();
            assertThat(ids).hasSize(1);
            String id = ids.get(0);
            client.awaitStatus(id, "SENT");
            assertThat(client.awaitAudit(id, t -> t.contains("NotificationSent"))).containsOnlyOnce("NotificationRequested");
            return id;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String get(Future<String> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError("a racing request failed", e);
        }
    }
}
