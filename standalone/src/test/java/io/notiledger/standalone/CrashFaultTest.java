package io.notiledger.standalone;

import static org.awaitility.Awaitility.await;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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

/**
 * A 202 is a promise, also across {@code kill -9}: the ledger runs in a process of its own under load with
 * unique Idempotency-Keys, is killed mid-load, and is started again on the same data directory. Every key
 * that was answered 202 is posted again: none may be created anew (the first request is on disk), every one
 * ends SENT, and the SMTP server (the test's, outside the ledger's process) receives each notification once,
 * or twice only when the crash fell between sending and recording: then both copies carry the same
 * Message-ID and the audit says the first attempt's outcome is unknown.
 */
class CrashFaultTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 8;

    @TempDir
    Path dataDir;
    private GreenMail smtp;
    private LedgerProcess ledger;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void start() throws Exception {
        smtp = new GreenMail(new ServerSetup(TestLedger.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        ledger = new LedgerProcess(dataDir)
                .with("ledger.embedded.smtp.enabled", "false")
                .with("ledger.delivery.email.port", Integer.toString(smtp.getSmtp().getPort()))
                .with("ledger.delivery.email.connect-timeout", "1s")
                .with("ledger.delivery.email.read-timeout", "2s")
                .with("ledger.delivery.email.send-timeout", "3s")
                .with("ledger.delivery.retry.attempt-timeout", "15s")
                .start(Duration.ofSeconds(120));
    }

    @AfterEach
    void stop() throws Exception {
        ledger.close();
        smtp.stop();
    }

    @Test
    void everyAcknowledgedRequestSurvivesAKillAndIsSentOnceOrResentWithTheSameMessageId() throws Exception {
        ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.submit(() -> load(client, loading, acknowledged));
        }
        int killAfter = ThreadLocalRandom.current().nextInt(80, 240); // a different moment of the load each run
        await().atMost(Duration.ofSeconds(90)).until(() -> acknowledged.size() >= killAfter);
        ledger.kill();
        int acknowledgedBeforeKill = acknowledged.size();
        loading.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(acknowledgedBeforeKill).as("requests acknowledged before the kill").isGreaterThan(20);

        ledger.start(Duration.ofSeconds(120));

        int createdAnew = 0;
        for (Acknowledged first : acknowledged) {
            HttpResponse<String> again = post(first.key(), first.body());
            assertThat(again.statusCode()).isEqualTo(202);
            boolean replayed = again.headers().firstValue("Idempotent-Replayed").orElse("").equals("true");
            if (!replayed || !first.id().equals(JSON.readTree(again.body()).get("id").asText())) {
                createdAnew++;
            }
        }

        List<String> acknowledgedIds = acknowledged.stream().map(Acknowledged::id).toList();
        FaultFigures figures = FaultFigures.settle("crash", acknowledgedIds, this::stateOf, Duration.ofSeconds(150));
        long sent = figures.sent();
        Map<String, List<String>> messageIds = messageIdsPerNotification();
        List<String> twice = acknowledgedIds.stream().filter(id -> messageIds.getOrDefault(id, List.of()).size() > 1).toList();
        long missing = acknowledgedIds.stream().filter(id -> !messageIds.containsKey(id)).count();

        figures.mailsTwice(twice.size()).report("acknowledged_before_kill=" + acknowledgedBeforeKill,
                "reposted=" + acknowledged.size(), "created_anew=" + createdAnew, "missing_mails=" + missing);

        assertThat(createdAnew).as("acknowledged requests created anew after the restart").isZero();
        assertThat(sent).as("acknowledged notifications SENT").isEqualTo(acknowledged.size());
        assertThat(missing).as("SENT notifications without a mail").isZero();
        for (Acknowledged a : acknowledged) {
            List<String> ids = messageIds.get(a.id());
            assertThat(ids).as("mails of %s", a.id()).hasSizeBetween(1, 2);
            assertThat(new HashSet<>(ids)).as("Message-IDs of the copies of %s", a.id()).hasSize(1);
        }
        // the README's two ways to a second mail: the kill after the server took it, or (the machine so busy that
        // the 3 s send timeout ran out while the server took it) a timed-out send
        for (String id : twice) {
            assertThat(errorCodesInAudit(id)).as("audit of %s, which was mailed twice", id)
                    .containsAnyOf("ATTEMPT_OUTCOME_UNKNOWN", "SMTP_SEND_TIMEOUT", "SMTP_TIMEOUT");
        }
    }

    private void load(int client, AtomicBoolean loading, ConcurrentLinkedQueue<Acknowledged> acknowledged) {
        for (int n = 0; loading.get(); n++) {
            String key = "crash-" + client + "-" + n;
            String body = "{\"channel\":\"EMAIL\",\"recipient\":\"user" + client + "." + n + "@example.com\","
                    + "\"subject\":\"Crash test " + n + "\",\"body\":\"Hello\"}";
            try {
                HttpResponse<String> answer = post(key, body);
                if (answer.statusCode() == 202) {
                    acknowledged.add(new Acknowledged(key, body, JSON.readTree(answer.body()).get("id").asText()));
                }
            } catch (IOException | InterruptedException killedMeanwhile) {
                // no answer, no promise: the ledger was killed while this request was open
                return;
            }
        }
    }

    private HttpResponse<String> post(String key, String body) throws IOException, InterruptedException {
        return http.send(ledger.request("/v1/notifications")
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status API's state of a notification, for {@link FaultFigures#settle}. */
    private String stateOf(String id) {
        try {
            return status(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String status(String id) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(ledger.request("/v1/notifications/" + id).build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()).path("status").asText(null) : null;
    }

    /**
     * The error codes in a SENT notification's audit trail. The audit view is a processor of its own and may still
     * be behind the status view, which said SENT: read it once it holds the notification's NotificationSent entry.
     */
    private List<String> errorCodesInAudit(String id) {
        JsonNode entries = await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> answer = http.send(ledger.request("/v1/notifications/" + id + "/audit").build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(answer.body()).path("entries");
        }, read -> StreamSupport.stream(read.spliterator(), false)
                .anyMatch(entry -> entry.path("type").asText().equals("NotificationSent")));
        return StreamSupport.stream(entries.spliterator(), false)
                .map(entry -> entry.path("details").path("errorCode").asText(""))
                .filter(code -> !code.isEmpty()).toList();
    }

    private Map<String, List<String>> messageIdsPerNotification() throws MessagingException {
        Map<String, List<String>> ids = new HashMap<>();
        for (MimeMessage mail : smtp.getReceivedMessages()) {
            ids.computeIfAbsent(mail.getHeader("X-Notification-Id", null), key -> new ArrayList<>()).add(mail.getMessageID());
        }
        return ids;
    }

    private record Acknowledged(String key, String body, String id) {
    }
}
