package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notiledger.standalone.ScaledOutCluster.Side;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The production shape, for real: two command sides and two query sides, each a JVM of its own started from its
 * executable jar, on the machine's PostgreSQL (a fresh schema), a Kafka broker and the MongoDB stand-in in
 * processes of their own, and an SMTP sink per command side (so that each mail says which instance sent it).
 * The instances share the delivery segments and each view's segments (checked in their Prometheus series); load
 * goes to both command sides; one is killed ({@code kill -9}) mid-load and the other takes over its segments.
 * Every accepted notification must end SENT, and a notification may be mailed twice only within the crash window
 * (the same Message-ID, and the audit says the first attempt's outcome is unknown).
 */
class ScaledOutLedgerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 6;
    private static final List<String> VIEWS = List.of("notification-status", "notification-audit");

    @TempDir
    Path dir;
    /** The services' logs, kept after the run for a look at a failure. */
    private final Path logs = Path.of(System.getProperty("basedir", "."), "target", "scaled-out-logs");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private ScaledOutCluster cluster;
    private ScriptedSmtpServer smtpA;
    private ScriptedSmtpServer smtpB;
    private Side commandA;
    private Side commandB;
    private Side queryA;
    private Side queryB;
    private String senderKey;
    private long startSeconds;

    @BeforeEach
    void start() throws Exception {
        long started = System.nanoTime();
        cluster = ScaledOutCluster.start(dir, logs, 2, 2);
        commandA = cluster.commandSides().get(0);
        commandB = cluster.commandSides().get(1);
        queryA = cluster.querySides().get(0);
        queryB = cluster.querySides().get(1);
        smtpA = commandA.smtp();
        smtpB = commandB.smtp();
        senderKey = cluster.senderKey();
        startSeconds = Math.round((System.nanoTime() - started) / 1e9);
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void twoCommandSidesShareTheDeliveryAndTheSurvivorOfAKillTakesOverEveryAcceptedNotification() throws Exception {
        Map<String, Double> claimed = awaitSegmentsShared();

        ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean commandAAlive = new AtomicBoolean(true);
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long loadStarted = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.submit(() -> load(client, loading, commandAAlive, acknowledged));
        }
        int killAfter = ThreadLocalRandom.current().nextInt(80, 160); // a different moment of the load each run
        await().atMost(Duration.ofSeconds(90)).until(() -> acknowledged.size() >= killAfter);
        commandA.process().kill();
        commandAAlive.set(false);
        int acknowledgedBeforeKill = acknowledged.size();
        int target = acknowledgedBeforeKill + 80;
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= target);
        loading.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;

        List<String> ids = acknowledged.stream().map(Acknowledged::id).toList();
        long settleStarted = System.nanoTime();
        FaultFigures figures = FaultFigures.settle("scaled-out", ids, this::stateOf, Duration.ofSeconds(120));
        double settleSeconds = (System.nanoTime() - settleStarted) / 1e9;
        MailCounter mails = new MailCounter();
        for (ScriptedSmtpServer smtp : List.of(smtpA, smtpB)) {
            ids.forEach(id -> smtp.mails().messageIdsFor(id).forEach(messageId -> mails.add(messageId, id)));
        }
        List<String> deliveredByA = ids.stream().filter(id -> smtpA.mails().mailsFor(id) > 0).toList();
        List<String> deliveredByB = ids.stream().filter(id -> smtpB.mails().mailsFor(id) > 0).toList();
        List<String> twice = ids.stream().filter(id -> mails.mailsFor(id) > 1).toList();
        long missing = ids.stream().filter(id -> mails.mailsFor(id) == 0).count();
        long acceptedByA = acknowledged.stream().filter(a -> a.side().equals(commandA.name())).count();
        figures.mailsTwice(twice.size()).report(
                "accepted_by_a=" + acceptedByA, "accepted_by_b=" + (ids.size() - acceptedByA),
                "accepted_before_kill=" + acknowledgedBeforeKill,
                "delivered_by_a=" + deliveredByA.size(), "delivered_by_b=" + deliveredByB.size(),
                "missing_mails=" + missing, "load_seconds=" + Math.round(loadSeconds),
                "start_seconds=" + startSeconds, "settle_seconds=" + Math.round(settleSeconds),
                "segments_before_kill=" + claimed.toString().replace(" ", ""),
                "delivery_segments_b_after=" + Math.round(claimedBy(commandB, "delivery")));

        assertThat(acceptedByA).as("accepted by the command side that was killed").isPositive();
        Map<String, String> unsettled = new LinkedHashMap<>(figures.states());
        unsettled.values().removeIf(FaultFigures::terminal);
        assertThat(unsettled).as("accepted notifications not SENT (logs in %s)", logs).isEmpty();
        assertThat(figures.sent()).as("accepted notifications SENT").isEqualTo(ids.size());
        assertThat(missing).as("SENT notifications without a mail").isZero();
        assertThat(deliveredByA).as("mailed by the command side that was killed").isNotEmpty();
        assertThat(deliveredByB).as("mailed by the surviving command side").isNotEmpty();
        assertThat(claimedBy(commandB, "delivery")).as("delivery segments the survivor holds").isEqualTo(4);
        for (String id : ids) {
            assertThat(mails.mailsFor(id)).as("mails of %s", id).isBetween(1L, 2L);
            assertThat(new HashSet<>(mails.messageIdsFor(id))).as("Message-IDs of the copies of %s", id).hasSize(1);
        }
        for (String id : twice) {
            assertThat(errorCodesInAudit(id)).as("audit of %s, which was mailed twice", id).contains("ATTEMPT_OUTCOME_UNKNOWN");
        }
    }

    /**
     * Waits until both command sides hold delivery segments and both query sides hold segments of each view, all
     * of them claimed; returns who holds how many.
     */
    private Map<String, Double> awaitSegmentsShared() {
        Map<String, Double> claimed = new LinkedHashMap<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            claimed.clear();
            for (Side side : List.of(commandA, commandB)) {
                claimed.put(side.name() + "/delivery", claimedBy(side, "delivery"));
            }
            for (Side side : List.of(queryA, queryB)) {
                for (String view : VIEWS) {
                    claimed.put(side.name() + "/" + view, claimedBy(side, view));
                }
            }
            assertThat(claimed.values()).as("segments claimed: %s", claimed).allMatch(n -> n >= 1);
            assertThat(claimed.get("command-a/delivery") + claimed.get("command-b/delivery")).isEqualTo(4);
            for (String view : VIEWS) {
                assertThat(claimed.get("query-a/" + view) + claimed.get("query-b/" + view)).isEqualTo(2);
            }
        });
        return claimed;
    }

    private double claimedBy(Side side, String processor) throws IOException, InterruptedException {
        return cluster.claimedBy(side, processor);
    }

    /** Each client alternates between the command sides, as a load balancer would, and uses B alone after the kill. */
    private void load(int client, AtomicBoolean loading, AtomicBoolean commandAAlive,
                      ConcurrentLinkedQueue<Acknowledged> acknowledged) {
        for (int n = 0; loading.get(); n++) {
            Side side = commandAAlive.get() && n % 2 == 0 ? commandA : commandB;
            String key = "scaled-" + client + "-" + n;
            String body = "{\"channel\":\"EMAIL\",\"recipient\":\"user" + client + "." + n + "@example.com\","
                    + "\"subject\":\"Scaled out " + n + "\",\"body\":\"Hello\"}";
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(side.uri("/v1/notifications"))
                        .header("Authorization", "Bearer " + senderKey).header("Content-Type", "application/json")
                        .header("Idempotency-Key", key).timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 202) {
                    acknowledged.add(new Acknowledged(side.name(), JSON.readTree(answer.body()).get("id").asText()));
                }
            } catch (IOException killedMeanwhile) {
                // no answer, no promise: the command side was killed while this request was open
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The status view's state, read from either query side. */
    private String stateOf(String id) {
        Side side = Math.floorMod(id.hashCode(), 2) == 0 ? queryA : queryB;
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(side.uri("/v1/notifications/" + id))
                    .header("Authorization", "Bearer " + senderKey).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? JSON.readTree(answer.body()).path("status").asText(null) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> errorCodesInAudit(String id) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(queryA.uri("/v1/notifications/" + id + "/audit"))
                .header("Authorization", "Bearer " + senderKey).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode entries = JSON.readTree(answer.body()).path("entries");
        return StreamSupport.stream(entries.spliterator(), false)
                .map(entry -> entry.path("details").path("errorCode").asText(""))
                .filter(code -> !code.isEmpty()).toList();
    }

    private record Acknowledged(String side, String id) {
    }
}
