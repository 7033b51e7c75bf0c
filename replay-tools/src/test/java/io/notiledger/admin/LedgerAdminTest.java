package io.notiledger.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ledger-admin's argument checks and exit codes, against a stand-in of the ledger's HTTP API (a real HTTP server
 * answering as scripted per path) that records every call, so that "nothing changed" is checked, not assumed.
 */
class LedgerAdminTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID_A = "00000000-0000-4000-8000-00000000000a";
    private static final String ID_B = "00000000-0000-4000-8000-00000000000b";

    private HttpServer ledger;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    record Answer(int status, String body) {
    }

    @BeforeEach
    void startLedger() throws IOException {
        ledger = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ledger.createContext("/", this::answer);
        ledger.start();
    }

    @AfterEach
    void stopLedger() {
        ledger.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        calls.add(exchange.getRequestMethod() + " " + path + " " + new String(exchange.getRequestBody().readAllBytes(),
                StandardCharsets.UTF_8));
        Answer answer = answers.getOrDefault(exchange.getRequestMethod() + " " + path,
                answers.getOrDefault(path, new Answer(404, problem(404, "ROUTE_NOT_FOUND"))));
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.status() < 300 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String problem(int status, String code) {
        return "{\"status\":" + status + ",\"code\":\"" + code + "\",\"detail\":\"" + code + " detail\"}";
    }

    private void selectionOf(String... ids) {
        StringBuilder list = new StringBuilder();
        for (String id : ids) {
            list.append(list.isEmpty() ? "" : ",").append('"').append(id).append('"');
        }
        answers.put("/admin/v1/redrive-selections", new Answer(200,
                "{\"runId\":\"run-1\",\"selected\":" + ids.length + ",\"sample\":[],\"notificationIds\":[" + list + "]}"));
    }

    record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = LedgerAdmin.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", "http://127.0.0.1:" + ledger.getAddress().getPort(), "--key", "nl_operator"));
        return new Run(line.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    @Test
    void aRedriveWithoutAReasonIsBadUsageAndCallsNothing() {
        Run run = run("redrive", "--status", "DEAD_LETTERED");

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--reason");
        assertThat(calls).isEmpty();
    }

    @Test
    void sinceAfterUntilIsBadUsageAndCallsNothing() {
        Run run = run("redrive", "--status", "DEAD_LETTERED", "--reason", "r",
                "--since", "2026-12-03T15:00:00Z", "--until", "2026-12-03T14:00:00Z");

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("is not before --until");
        assertThat(calls).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SENT", "dead_lettered", "NOPE"})
    void onlyDeadLetteredCanBeRedriven(String status) {
        Run run = run("redrive", "--status", status, "--reason", "r");

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("only DEAD_LETTERED");
        assertThat(calls).isEmpty();
    }

    @Test
    void anUnknownOptionOrABadInstantIsBadUsage() {
        assertThat(run("redrive", "--status", "DEAD_LETTERED", "--reason", "r", "--colour", "red").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("redrive", "--status", "DEAD_LETTERED", "--reason", "r", "--since", "yesterday").exit())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(run("history", "export", "--notification", ID_A, "--format", "xml").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("history", "export").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(calls).isEmpty();
    }

    @Test
    void anEmptySelectionIsRefusedAndRedrivesNothing() {
        selectionOf();

        Run run = run("redrive", "--status", "DEAD_LETTERED", "--reason", "r");

        assertThat(run.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("Nothing to re-drive");
        assertThat(calls).hasSize(1);
    }

    @Test
    void aDryRunOnlySelects() throws IOException {
        selectionOf(ID_A, ID_B);

        Run run = run("redrive", "--status", "DEAD_LETTERED", "--reason", "vendor back", "--tenant", "acme",
                "--dry-run", "--output", "json");

        assertThat(run.exit()).isEqualTo(ExitCodes.DONE);
        JsonNode tally = JSON.readTree(run.out());
        assertThat(tally.path("selected").asInt()).isEqualTo(2);
        assertThat(tally.path("dryRun").asBoolean()).isTrue();
        assertThat(calls).hasSize(1).first().asString().startsWith("POST /admin/v1/redrive-selections")
                .contains("\"tenant\":\"acme\"", "\"reason\":\"vendor back\"");
    }

    @Test
    void theTallyCountsRefusalsByTheirCodeAndExitsOne() throws IOException {
        selectionOf(ID_A, ID_B);
        answers.put("/admin/v1/notifications/" + ID_A + "/redrive", new Answer(202, "{\"id\":\"" + ID_A + "\",\"status\":\"QUEUED\"}"));
        answers.put("/admin/v1/notifications/" + ID_B + "/redrive", new Answer(409, problem(409, "ALREADY_REDRIVEN")));

        Run run = run("redrive", "--status", "DEAD_LETTERED", "--reason", "r", "--output", "json");

        assertThat(run.exit()).isEqualTo(ExitCodes.REFUSED);
        JsonNode tally = JSON.readTree(run.out());
        assertThat(tally.path("redriven").asInt()).isEqualTo(1);
        assertThat(tally.path("refused").path("ALREADY_REDRIVEN").asInt()).isEqualTo(1);
        assertThat(calls).filteredOn(call -> call.contains("/redrive "))
                .hasSize(2).allSatisfy(call -> assertThat(call).contains("\"runId\":\"run-1\""));
    }

    @Test
    void aFullRedriveExitsZero() {
        selectionOf(ID_A);
        answers.put("/admin/v1/notifications/" + ID_A + "/redrive", new Answer(202, "{\"id\":\"" + ID_A + "\",\"status\":\"QUEUED\"}"));

        Run run = run("redrive", "--status", "DEAD_LETTERED", "--reason", "r", "--no-progress");

        assertThat(run.exit()).isEqualTo(ExitCodes.DONE);
        assertThat(run.out()).contains("selected: 1", "re-driven: 1", "refused: 0");
    }

    @Test
    void theLedgersValidationIsBadUsageItsOtherErrorsAreThree() {
        answers.put("/admin/v1/redrive-selections", new Answer(400, problem(400, "VALIDATION_FAILED")));
        assertThat(run("redrive", "--status", "DEAD_LETTERED", "--reason", "r").exit()).isEqualTo(ExitCodes.USAGE);

        answers.put("/admin/v1/redrive-selections", new Answer(403, problem(403, "FORBIDDEN")));
        Run forbidden = run("redrive", "--status", "DEAD_LETTERED", "--reason", "r");
        assertThat(forbidden.exit()).isEqualTo(ExitCodes.LEDGER_ERROR);
        assertThat(forbidden.err()).contains("FORBIDDEN detail");
    }

    @Test
    void anUnreachableLedgerIsThree() {
        ledger.stop(0);

        Run run = run("views", "status");

        assertThat(run.exit()).isEqualTo(ExitCodes.LEDGER_ERROR);
        assertThat(run.err()).contains("cannot be reached");
    }

    @Test
    void viewsStatusJoinsLagAndParkedEvents() throws IOException {
        answers.put("/v1/views/lag", new Answer(200, "{\"measuredAt\":\"2026-12-03T16:00:00Z\",\"processors\":["
                + "{\"processingGroup\":\"notification-status\",\"eventsBehind\":0,\"caughtUp\":true,\"replaying\":false}]}"));
        answers.put("/admin/v1/parked-events", new Answer(200, "{\"groups\":[{\"group\":\"notification-status\",\"parked\":2,\"events\":[]}]}"));
        answers.put("/admin/v1/views/rebuilds", new Answer(200, generations(generation("status", 0, 1, 1200, 5000))));

        Run run = run("views", "status", "--output", "json");

        assertThat(run.exit()).isEqualTo(ExitCodes.REFUSED);
        JsonNode view = JSON.readTree(run.out()).path("views").get(0);
        assertThat(view.path("view").asText()).isEqualTo("notification-status");
        assertThat(view.path("parkedEvents").asLong()).isEqualTo(2);
        assertThat(view.path("caughtUp").asBoolean()).isTrue();
        assertThat(view.path("generation").path("buildingGeneration").asInt()).isEqualTo(1);
        assertThat(view.path("generation").path("eventsDone").asLong()).isEqualTo(1200);
    }

    @Test
    void viewsStatusShowsARunningRebuildsProgress() {
        answers.put("/v1/views/lag", new Answer(200, "{\"measuredAt\":\"2026-12-03T16:00:00Z\",\"processors\":["
                + "{\"processingGroup\":\"notification-status\",\"eventsBehind\":0,\"caughtUp\":true,\"replaying\":false}]}"));
        answers.put("/admin/v1/parked-events", new Answer(200, "{\"groups\":[]}"));
        answers.put("/admin/v1/views/rebuilds", new Answer(200, generations(generation("status", 0, 1, 1200, 5000))));

        Run run = run("views", "status");

        assertThat(run.exit()).isEqualTo(ExitCodes.DONE);
        assertThat(run.out()).contains("generation 1 building 1,200/5,000 events");
    }

    @Test
    void anUnknownViewIsBadUsageAndStartsNothing() {
        Run run = run("views", "rebuild", "--view", "statuses");

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--view");
        assertThat(calls).isEmpty();
    }

    @Test
    void aRebuildStartedWithoutWaitingAsksForTheViewAndExitsZero() {
        answers.put("POST /admin/v1/views/rebuilds", new Answer(202, generations(generation("status", 0, 1, 0, 800))));

        Run run = run("views", "rebuild", "--view", "status", "--no-wait");

        assertThat(run.exit()).isEqualTo(ExitCodes.DONE);
        assertThat(calls).containsExactly("POST /admin/v1/views/rebuilds {\"view\":\"status\"}");
        assertThat(run.out()).contains("status   started: generation 1 is not live");
    }

    @Test
    void aSecondRebuildWhileOneRunsIsRefusedWithExitOne() {
        answers.put("POST /admin/v1/views/rebuilds", new Answer(409, problem(409, "REBUILD_RUNNING")));

        Run run = run("views", "rebuild");

        assertThat(run.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("REBUILD_RUNNING detail");
        assertThat(calls).containsExactly("POST /admin/v1/views/rebuilds {\"view\":\"all\"}");
    }

    @Test
    void aRebuildIsFollowedUntilItsGenerationIsLive() {
        answers.put("POST /admin/v1/views/rebuilds", new Answer(202, generations(generation("audit", 2, 3, 0, 800))));
        answers.put("GET /admin/v1/views/rebuilds", new Answer(200, generations(generation("audit", 3, null, 800, 800))));

        Run run = run("views", "rebuild", "--view", "audit", "--no-progress");

        assertThat(run.exit()).isEqualTo(ExitCodes.DONE);
        assertThat(run.out()).contains("audit    switched: generation 3 is live");
        assertThat(calls).last().asString().startsWith("GET /admin/v1/views/rebuilds");
    }

    @Test
    void aRebuildThatEndsWithoutSwitchingExitsOne() {
        answers.put("POST /admin/v1/views/rebuilds", new Answer(202, generations(generation("audit", 2, 3, 0, 800))));
        answers.put("GET /admin/v1/views/rebuilds", new Answer(200, generations(
                "{\"view\":\"audit\",\"liveGeneration\":2,\"buildingGeneration\":null,\"lastError\":\"the rebuild failed\"}")));

        Run run = run("views", "rebuild", "--view", "audit", "--no-progress");

        assertThat(run.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.out()).contains("audit    failed: generation 3 is not live (the rebuild failed)");
    }

    private static String generations(String... views) {
        return "{\"views\":[" + String.join(",", views) + "]}";
    }

    private static String generation(String view, int live, Integer building, long done, long total) {
        return "{\"view\":\"" + view + "\",\"processingGroup\":\"notification-" + view + "\",\"liveGeneration\":" + live
                + ",\"buildingGeneration\":" + building + ",\"phase\":" + (building == null ? "null" : "\"BUILDING\"")
                + ",\"eventsDone\":" + done + ",\"eventsTotal\":" + total + ",\"eventsPerSecond\":250.0}";
    }

    @Test
    void verifyReadsTheViewThenTheWholeHistoryAndExitsOneOnAWrongStatusNotOnALaggingOne() throws IOException {
        answers.put("/admin/v1/views/notification-status/documents", new Answer(200, "{\"next\":null,\"documents\":["
                + "{\"id\":\"" + ID_A + "\",\"tenant\":\"t\",\"status\":\"QUEUED\",\"lastAppliedSequence\":1},"
                + "{\"id\":\"" + ID_B + "\",\"tenant\":\"t\",\"status\":\"SENT\",\"lastAppliedSequence\":0}]}"));
        answers.put("/admin/v1/history", new Answer(200, String.join("\n",
                event(ID_A, 0, "NotificationRequested"), event(ID_B, 0, "NotificationRequested"),
                event(ID_A, 1, "NotificationQueued"), event(ID_B, 1, "NotificationQueued"))));

        Run run = run("verify", "--output", "json");

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.REFUSED);
        JsonNode tally = JSON.readTree(run.out());
        // B's view lags one event behind (it applied 0): compared up to 0 it says SENT where the store says REQUESTED
        assertThat(tally.path("mismatches")).singleElement().satisfies(mismatch -> {
            assertThat(mismatch.path("notificationId").asText()).isEqualTo(ID_B);
            assertThat(mismatch.path("field").asText()).isEqualTo("status");
            assertThat(mismatch.path("storeSays").asText()).isEqualTo("REQUESTED");
            assertThat(mismatch.path("viewSays").asText()).isEqualTo("SENT");
        });
        assertThat(tally.path("notYetProjected").asLong()).isEqualTo(1);
        assertThat(tally.path("counts").path("QUEUED").path("store").asLong()).isEqualTo(1);
        assertThat(calls).anySatisfy(call -> assertThat(call).startsWith("GET /admin/v1/views/notification-status/documents"));
        assertThat(calls).anySatisfy(call -> assertThat(call).startsWith("GET /admin/v1/history"));
    }

    @Test
    void verifyOfAnAgreeingViewExitsZero() {
        answers.put("/admin/v1/views/notification-status/documents", new Answer(200, "{\"next\":null,\"documents\":["
                + "{\"id\":\"" + ID_A + "\",\"tenant\":\"t\",\"status\":\"QUEUED\",\"lastAppliedSequence\":1}]}"));
        answers.put("/admin/v1/history", new Answer(200, event(ID_A, 0, "NotificationRequested") + "\n"
                + event(ID_A, 1, "NotificationQueued") + "\n"));

        Run run = run("verify", "--no-progress");

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.DONE);
        assertThat(run.out()).contains("0 mismatches").contains("QUEUED");
    }

    private static String event(String id, long sequence, String type) {
        return "{\"type\":\"" + type + "\",\"notificationId\":\"" + id + "\",\"sequence\":" + sequence
                + ",\"tenant\":\"t\",\"details\":{\"channel\":\"EMAIL\",\"priority\":\"NORMAL\"}}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "redrive", "history", "history export", "views", "views status", "views rebuild", "verify"})
    void everyCommandHasHelp(String command) {
        List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--help");
        StringWriter out = new StringWriter();
        CommandLine line = LedgerAdmin.commandLine();
        line.setOut(new PrintWriter(out, true));

        assertThat(line.execute(args.toArray(String[]::new))).isEqualTo(ExitCodes.DONE);
        assertThat(out.toString()).contains("Usage: ledger-admin");
    }
}
