package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.notiledger.admin.ExitCodes;
import io.notiledger.admin.LedgerAdmin;
import io.notiledger.projections.status.NotificationStatusView;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.MediaType;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The incident, for real: the SMTP vendor answers 5xx to some recipients, their notifications are dead-lettered;
 * the operator's dry run shows them and changes nothing, the re-drive (the vendor accepting again) delivers each
 * exactly once more and sends nothing else again, and the same re-drive run a second time re-drives nothing.
 * Then the other story: a status document written wrong, which {@code verify} finds, and a rebuild of the views
 * after which {@code verify} finds nothing.
 * ledger-admin runs in-process through picocli against the ledger's HTTP API.
 * <p>
 * {@code -Dredrive.incident.size=N} (default 6) sets how many notifications the vendor refuses (and as many it
 * accepts); the re-drive's duration and rate are logged, e.g. for a figure of a large re-drive.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedriveIncidentTest {

    private static final String REASON = "SMTP vendor answered 5xx to some recipients";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(RedriveIncidentTest.class);
    private static final int SIZE = Integer.getInteger("redrive.incident.size", 6);

    @TempDir
    static Path dataDir;
    static ScriptedSmtpServer smtp;
    static TestLedger ledger;
    static LedgerClient client;
    static final List<String> affected = new ArrayList<>();
    static final List<String> others = new ArrayList<>();

    @BeforeAll
    static void theIncident() throws Exception {
        smtp = new ScriptedSmtpServer();
        ledger = new TestLedger(dataDir).withExternalSmtp(smtp.port()).start();
        client = new LedgerClient(ledger.http());
        Set<String> refused = new HashSet<>();
        for (int i = 0; i < SIZE; i++) {
            refused.add("refused" + i + "@example.com");
        }
        smtp.refuseRecipients(refused, "554 5.7.1 Service unavailable; client host blocked");
        for (int i = 0; i < SIZE; i++) {
            affected.add(client.send(LedgerClient.email("refused" + i + "@example.com", "Incident")));
            others.add(client.send(LedgerClient.email("fine" + i + "@example.com", "Incident")));
        }
        affected.forEach(id -> client.awaitStatus(id, "DEAD_LETTERED"));
        others.forEach(id -> client.awaitStatus(id, "SENT"));
    }

    @AfterAll
    static void stop() throws Exception {
        ledger.close();
        smtp.close();
    }

    @Test
    @Order(1)
    void theDryRunShowsTheAffectedAndChangesNothing() throws Exception {
        Run dryRun = ledgerAdmin("redrive", "--status", "DEAD_LETTERED", "--reason", REASON, "--dry-run", "--output", "json");

        assertThat(dryRun.exit()).as(dryRun.err()).isEqualTo(ExitCodes.DONE);
        JsonNode tally = JSON.readTree(dryRun.out());
        assertThat(tally.path("selected").asInt()).isEqualTo(affected.size());
        assertThat(tally.path("redriven").asInt()).isZero();
        assertThat(tally.path("sample")).hasSize(Math.min(10, affected.size())).allSatisfy(one -> {
            assertThat(affected).contains(one.path("notificationId").asText());
            assertThat(one.path("tenant").asText()).isEqualTo(TestLedger.TENANT);
            assertThat(one.path("channel").asText()).isEqualTo("EMAIL");
            assertThat(one.path("errorCode").asText()).isEqualTo("SMTP_PERMANENT_REJECT");
        });
        smtp.acceptAll();
        // nothing was re-driven: the vendor accepts now, yet no affected notification moves or is mailed
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                affected.stream().allMatch(id -> smtp.mails().mailsFor(id) == 0));
        affected.forEach(id -> assertThat(client.auditTypes(id)).doesNotContain("RedriveRequested"));
    }

    @Test
    @Order(2)
    void badInputIsRefusedWithAClearMessageAndChangesNothing() {
        Run noReason = ledgerAdmin("redrive", "--status", "DEAD_LETTERED");
        assertThat(noReason.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noReason.err()).contains("--reason");

        Run backwards = ledgerAdmin("redrive", "--status", "DEAD_LETTERED", "--reason", REASON,
                "--since", "2026-12-03T15:00:00Z", "--until", "2026-12-03T14:00:00Z");
        assertThat(backwards.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(backwards.err()).contains("is not before --until");

        Run unknownStatus = ledgerAdmin("redrive", "--status", "BROKEN", "--reason", REASON);
        assertThat(unknownStatus.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownStatus.err()).contains("only DEAD_LETTERED");

        Run nobody = ledgerAdmin("redrive", "--status", "DEAD_LETTERED", "--reason", REASON, "--tenant", "no-such-tenant");
        assertThat(nobody.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(nobody.err()).contains("Nothing to re-drive");

        Run wrongKey = ledgerAdmin("redrive", "--status", "DEAD_LETTERED", "--reason", REASON, "--dry-run",
                "--key", ledger.createKey(TestLedger.TENANT, "reader"));
        assertThat(wrongKey.exit()).isEqualTo(ExitCodes.LEDGER_ERROR);

        // the endpoint itself answers bad input with a problem naming the field
        ledger.operatorHttp().post().uri("/admin/v1/redrive-selections").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("status", "SENT", "reason", " ")).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[*].field").value(fields -> assertThat(fields.toString()).contains("status", "reason"));
        ledger.operatorHttp().post().uri("/admin/v1/notifications/{id}/redrive", affected.get(0))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("runId", "x")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
        affected.forEach(id -> assertThat(client.status(id).path("status").asText()).isEqualTo("DEAD_LETTERED"));
    }

    @Test
    @Order(3)
    void theRedriveDeliversEachAffectedExactlyOnceAndNothingElseAgain() throws Exception {
        long start = System.nanoTime();
        Run redrive = ledgerAdmin("redrive", "--status", "DEAD_LETTERED", "--reason", REASON,
                "--rate", Integer.toString(Math.max(20, SIZE)), "--parallel", "8", "--output", "json");
        Duration redriving = Duration.ofNanos(System.nanoTime() - start);

        assertThat(redrive.exit()).as(redrive.err()).isEqualTo(ExitCodes.DONE);
        JsonNode tally = JSON.readTree(redrive.out());
        assertThat(tally.path("selected").asInt()).isEqualTo(affected.size());
        assertThat(tally.path("redriven").asInt()).isEqualTo(affected.size());
        assertThat(tally.path("refused")).isEmpty();
        await().atMost(Duration.ofSeconds(120)).until(() -> affected.stream().allMatch(id -> smtp.mails().mailsFor(id) >= 1));
        Duration delivering = Duration.ofNanos(System.nanoTime() - start);
        log.info("redrive_figures size={} redriven_in_ms={} redrives_per_s={} all_mailed_in_ms={}", SIZE,
                redriving.toMillis(), SIZE * 1000L / Math.max(1, redriving.toMillis()), delivering.toMillis());
        affected.forEach(id -> client.awaitStatus(id, "SENT"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                Stream.concat(affected.stream(), others.stream()).allMatch(id -> smtp.mails().mailsFor(id) == 1));
        for (String id : affected) {
            JsonNode redriven = client.audit(id).stream()
                    .filter(entry -> entry.path("type").asText().equals("RedriveRequested")).findFirst().orElseThrow();
            assertThat(redriven.path("details").path("reason").asText()).isEqualTo(REASON);
            assertThat(redriven.path("details").path("operator").asText()).isNotBlank();
        }
    }

    @Test
    @Order(4)
    void theSameRedriveRunAgainRedrivesNothing() throws Exception {
        Run again = ledgerAdmin("redrive", "--status", "DEAD_LETTERED", "--reason", REASON, "--output", "json");

        assertThat(again.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(JSON.readTree(again.out()).path("redriven").asInt()).isZero();
        assertThat(again.err()).contains("Nothing to re-drive");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                Stream.concat(affected.stream(), others.stream()).allMatch(id -> smtp.mails().mailsFor(id) == 1));
    }

    @Test
    @Order(5)
    void aDeliveredNotificationIsNotRedrivenAgain() {
        String id = affected.get(0);
        ledger.operatorHttp().post().uri("/admin/v1/notifications/{id}/redrive", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", REASON)).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("NOT_REDRIVABLE");
    }

    @Test
    @Order(6)
    void theHistoryExportShowsTheIncidentWithRecipientsMasked() throws Exception {
        String id = affected.get(0);
        Run export = ledgerAdmin("history", "export", "--notification", id);

        assertThat(export.exit()).as(export.err()).isEqualTo(ExitCodes.DONE);
        List<JsonNode> events = new ArrayList<>();
        for (String line : export.out().split("\n")) {
            events.add(JSON.readTree(line));
        }
        assertThat(events).extracting(event -> event.path("type").asText())
                .contains("NotificationRequested", "NotificationDeadLettered", "RedriveRequested", "NotificationSent");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.path("notificationId").asText()).isEqualTo(id);
            assertThat(event.path("tenant").asText()).isEqualTo(TestLedger.TENANT);
        });
        assertThat(export.out()).doesNotContain("refused0@example.com", "Hello from the ledger", "requestFingerprint")
                .contains("\"recipient\":\"r***@example.com\"");
        JsonNode redriven = events.stream().filter(event -> event.path("type").asText().equals("RedriveRequested"))
                .findFirst().orElseThrow();
        assertThat(redriven.path("actor").asText()).isEqualTo("admin");
        assertThat(redriven.path("details").path("reason").asText()).isEqualTo(REASON);
        assertThat(redriven.path("details").path("runId").asText()).startsWith("run-");

        Run csv = ledgerAdmin("history", "export", "--tenant", TestLedger.TENANT, "--format", "csv");
        assertThat(csv.exit()).as(csv.err()).isEqualTo(ExitCodes.DONE);
        assertThat(csv.out()).startsWith("type,time,notificationId").contains(others.get(0)).doesNotContain("fine0@example.com");

        Run neither = ledgerAdmin("history", "export");
        assertThat(neither.exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    @Order(7)
    void viewsStatusShowsEachViewAndNoParkedEvents() throws Exception {
        Run status = ledgerAdmin("views", "status", "--output", "json");

        assertThat(status.exit()).as(status.err()).isEqualTo(ExitCodes.DONE);
        JsonNode views = JSON.readTree(status.out()).path("views");
        assertThat(views).extracting(view -> view.path("view").asText()).contains("notification-status", "notification-audit");
        assertThat(views).allSatisfy(view -> assertThat(view.path("parkedEvents").asLong()).isZero());
    }

    @Test
    @Order(8)
    void verifyFindsADeliberatelyCorruptedStatusDocumentAndNothingOnceItIsRepaired() throws Exception {
        long start = System.nanoTime();
        Run agreeing = ledgerAdmin("verify", "--output", "json");
        long verifyingMillis = Math.max(1, Duration.ofNanos(System.nanoTime() - start).toMillis());
        assertThat(agreeing.exit()).as(agreeing.out() + agreeing.err()).isEqualTo(ExitCodes.DONE);
        JsonNode tally = JSON.readTree(agreeing.out());
        log.info("verify_figures documents={} events={} verified_in_ms={} events_per_s={}", tally.path("documents").asLong(),
                tally.path("events").asLong(), verifyingMillis, tally.path("events").asLong() * 1000 / verifyingMillis);
        assertThat(tally.path("mismatches")).isEmpty();
        assertThat(tally.path("documents").asLong()).isGreaterThanOrEqualTo(2L * SIZE);
        assertThat(tally.path("counts").path("SENT").path("store").asLong())
                .isEqualTo(tally.path("counts").path("SENT").path("view").asLong()).isGreaterThanOrEqualTo(2L * SIZE);

        // a projection bug, as it would have written it: through the driver, over the stand-in's wire protocol
        String corrupted = others.get(0);
        MongoCollection<Document> statusView = ledger.bean(MongoTemplate.class).getCollection("notification_status");
        assertThat(statusView.updateOne(Filters.eq("_id", corrupted), Updates.set("status", "DEAD_LETTERED"))
                .getModifiedCount()).isEqualTo(1);

        Run finding = ledgerAdmin("verify");
        assertThat(finding.exit()).as(finding.out() + finding.err()).isEqualTo(ExitCodes.REFUSED);
        assertThat(finding.out()).contains("1 mismatches")
                .contains(corrupted + "  status: store says SENT, view says DEAD_LETTERED")
                .doesNotContain("fine0@example.com");
        Run findingJson = ledgerAdmin("verify", "--tenant", TestLedger.TENANT, "--output", "json");
        assertThat(findingJson.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(JSON.readTree(findingJson.out()).path("mismatches")).singleElement().satisfies(mismatch -> {
            assertThat(mismatch.path("notificationId").asText()).isEqualTo(corrupted);
            assertThat(mismatch.path("field").asText()).isEqualTo("status");
            assertThat(mismatch.path("storeSays").asText()).isEqualTo("SENT");
            assertThat(mismatch.path("viewSays").asText()).isEqualTo("DEAD_LETTERED");
        });

        statusView.updateOne(Filters.eq("_id", corrupted), Updates.set("status", "SENT"));
        Run repaired = ledgerAdmin("verify");
        assertThat(repaired.exit()).as(repaired.out() + repaired.err()).isEqualTo(ExitCodes.DONE);
        assertThat(repaired.out()).contains("0 mismatches");
    }

    @Test
    @Order(9)
    void aRebuildOfTheViewsRepairsACorruptedDocumentThatVerifyFindsBeforeAndNotAfter() throws Exception {
        MongoTemplate mongo = ledger.bean(MongoTemplate.class);
        MongoCollection<Document> liveStatusView = mongo.getCollection(mongo.getCollectionName(NotificationStatusView.class));
        String corrupted = others.get(1);
        assertThat(liveStatusView.updateOne(Filters.eq("_id", corrupted), Updates.set("status", "DEAD_LETTERED"))
                .getModifiedCount()).isEqualTo(1);
        Run finding = ledgerAdmin("verify");
        assertThat(finding.exit()).as(finding.out() + finding.err()).isEqualTo(ExitCodes.REFUSED);
        assertThat(finding.out()).contains("1 mismatches").contains(corrupted + "  status: store says SENT, view says DEAD_LETTERED");

        Run rebuild = ledgerAdmin("views", "rebuild", "--view", "all", "--no-progress");

        assertThat(rebuild.exit()).as(rebuild.out() + rebuild.err()).isEqualTo(ExitCodes.DONE);
        assertThat(rebuild.out()).contains("status   switched: generation 1 is live")
                .contains("audit    switched: generation 1 is live").contains("stats    switched: generation 1 is live");
        Run repaired = ledgerAdmin("verify");
        assertThat(repaired.exit()).as(repaired.out() + repaired.err()).isEqualTo(ExitCodes.DONE);
        assertThat(repaired.out()).contains("0 mismatches");
        assertThat(client.auditTypes(corrupted)).contains("NotificationSent");
        Run status = ledgerAdmin("views", "status", "--output", "json");
        assertThat(JSON.readTree(status.out()).path("views")).allSatisfy(view ->
                assertThat(view.path("generation").path("liveGeneration").asInt()).isEqualTo(1));
    }

    private static Run ledgerAdmin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = LedgerAdmin.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--key")) {
            all.addAll(List.of("--key", TestLedger.ADMIN_KEY));
        }
        all.addAll(List.of("--url", ledger.baseUrl()));
        if (all.get(0).equals("redrive") || all.get(0).equals("verify")) {
            all.add("--no-progress");
        }
        int exit = line.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    record Run(int exit, String out, String err) {
    }
}
