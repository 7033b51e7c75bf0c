package io.notiledger.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * Re-drives dead-lettered notifications: the ledger selects them from its event history, then each one is
 * re-driven through its aggregate at the given rate. The run's id comes from the selection and the reason, so the
 * same command run again re-drives nothing it re-drove before (the ledger refuses those: already re-driven).
 */
@Command(name = "redrive", mixinStandardHelpOptions = true,
        description = {"Deliver dead-lettered notifications again, selected from the event history.",
                "Run it with --dry-run first: it prints the count and a sample and changes nothing."})
public class RedriveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--status", required = true, description = "The status to select: DEAD_LETTERED (the only one re-drivable).")
    String status;

    @Option(names = "--tenant", description = "Only this tenant's notifications.")
    String tenant;

    @Option(names = "--since", description = "Dead-lettered at or after this instant (ISO-8601, e.g. 2026-12-03T14:00:00Z).")
    Instant since;

    @Option(names = "--until", description = "Dead-lettered before this instant (ISO-8601).")
    Instant until;

    @Option(names = "--error-code", description = "Only those whose last error had this code (e.g. SMTP_PERMANENT_REJECT).")
    String errorCode;

    @Option(names = "--channel", description = "Only this channel (e.g. EMAIL).")
    String channel;

    @Option(names = "--limit", description = "At most this many (default: the ledger's, 10000).")
    Integer limit;

    @Option(names = "--rate", defaultValue = "50", description = "Re-drives per second at most (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--parallel", defaultValue = "4", description = "Re-drives in flight at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--reason", description = "Why: recorded in every re-drive event (required).")
    String reason;

    @Option(names = "--run-id", description = "Name the run yourself (default: derived from the selection and the reason).")
    String runId;

    @Option(names = "--dry-run", description = "Only show what would be re-driven.")
    boolean dryRun;

    @Option(names = "--no-progress", negatable = false, description = "No progress bar.")
    boolean noProgress;

    @Override
    public Integer call() {
        checkUsage();
        LedgerHttp ledger = connection.commandSide();
        JsonNode selection = ledger.post("/admin/v1/redrive-selections", selectionRequest());
        int selected = selection.path("selected").asInt();
        String run = selection.path("runId").asText();
        PrintWriter out = spec.commandLine().getOut();
        if (selected == 0) {
            spec.commandLine().getErr().println("Nothing to re-drive: no notification matches this selection"
                    + " (already re-driven and delivered, or never dead-lettered).");
            report(out, run, 0, 0, Map.of(), selection.path("sample"));
            return ExitCodes.REFUSED;
        }
        if (dryRun) {
            report(out, run, selected, 0, Map.of(), selection.path("sample"));
            return ExitCodes.DONE;
        }
        Map<String, Integer> refused = redrive(ledger, ids(selection), run);
        int redriven = selected - refused.values().stream().mapToInt(Integer::intValue).sum();
        report(out, run, selected, redriven, refused, null);
        return refused.isEmpty() ? ExitCodes.DONE : ExitCodes.REFUSED;
    }

    private void checkUsage() {
        if (reason == null || reason.isBlank()) {
            throw Usage.error(spec, "A re-drive needs --reason \"...\": it is recorded with every re-drive.");
        }
        if (!"DEAD_LETTERED".equals(status)) {
            throw Usage.error(spec, "--status " + status + ": only DEAD_LETTERED notifications can be re-driven.");
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw Usage.error(spec, "--since " + since + " is not before --until " + until + ".");
        }
        if (rate < 1 || parallel < 1 || (limit != null && limit < 1)) {
            throw Usage.error(spec, "--rate, --parallel and --limit must be at least 1.");
        }
    }

    private ObjectNode selectionRequest() {
        ObjectNode request = ConnectionOptions.JSON.createObjectNode();
        request.put("status", status).put("tenant", tenant).put("errorCode", errorCode).put("channel", channel)
                .put("reason", reason).put("runId", runId);
        request.put("since", since == null ? null : since.toString()).put("until", until == null ? null : until.toString());
        if (limit != null) {
            request.put("limit", limit);
        }
        return request;
    }

    private static List<String> ids(JsonNode selection) {
        List<String> ids = new ArrayList<>();
        selection.path("notificationIds").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** Re-drives each at the rate, a few at a time; returns the refusals by their code. */
    private Map<String, Integer> redrive(LedgerHttp ledger, List<String> ids, String run) {
        Bucket pace = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(rate).refillGreedy(rate, Duration.ofSeconds(1)).initialTokens(1).build())
                .build();
        Map<String, Integer> refused = new LinkedHashMap<>();
        ExecutorService workers = Executors.newFixedThreadPool(parallel);
        try (ProgressBar progress = progressBar(ids.size())) {
            List<Future<String>> results = new ArrayList<>();
            for (String id : ids) {
                results.add(workers.submit(() -> {
                    pace.asBlocking().consume(1);
                    try {
                        ledger.post("/admin/v1/notifications/" + id + "/redrive", Map.of("reason", reason, "runId", run));
                        return null;
                    } catch (LedgerProblem problem) {
                        if (problem.exitCode() != ExitCodes.REFUSED) {
                            throw problem;
                        }
                        return problem.code() == null ? "HTTP_" + problem.status() : problem.code();
                    } finally {
                        if (progress != null) {
                            progress.step();
                        }
                    }
                }));
            }
            for (Future<String> result : results) {
                String refusal = result.get();
                if (refusal != null) {
                    refused.merge(refusal, 1, Integer::sum);
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof LedgerProblem problem ? problem : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerProblem(0, null, "Interrupted: some notifications may not have been re-driven; run it again");
        } finally {
            workers.shutdownNow();
        }
        return refused;
    }

    private ProgressBar progressBar(int total) {
        if (noProgress || connection.json()) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName("re-drive").setInitialMax(total).showSpeed()
                .setUnit(" notifications", 1).setUpdateIntervalMillis(250).continuousUpdate().build();
    }

    private void report(PrintWriter out, String run, int selected, int redriven, Map<String, Integer> refused, JsonNode sample) {
        if (connection.json()) {
            ObjectNode tally = ConnectionOptions.JSON.createObjectNode();
            tally.put("runId", run).put("dryRun", dryRun).put("selected", selected).put("redriven", redriven);
            tally.set("refused", ConnectionOptions.JSON.valueToTree(refused));
            if (sample != null) {
                tally.set("sample", sample);
            }
            out.println(tally);
        } else {
            out.printf("run %s%n", run);
            out.printf("selected: %d%n", selected);
            if (sample != null && !sample.isEmpty()) {
                out.println("sample:");
                for (JsonNode one : sample) {
                    out.printf("  %s  tenant=%s  channel=%s  error=%s  dead-lettered=%s%n",
                            one.path("notificationId").asText(), one.path("tenant").asText(), one.path("channel").asText(),
                            one.path("errorCode").asText(), one.path("deadLetteredAt").asText());
                }
            }
            if (dryRun) {
                out.println("dry run: nothing was re-driven");
            } else if (selected > 0) {
                out.printf("re-driven: %d%n", redriven);
                int refusals = refused.values().stream().mapToInt(Integer::intValue).sum();
                out.printf("refused: %d%s%n", refusals, refused.isEmpty() ? "" : " " + refused);
            }
        }
        out.flush();
    }
}
