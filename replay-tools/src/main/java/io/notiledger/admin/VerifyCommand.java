package io.notiledger.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code verify}: the status view against the store's events, folded in memory by the view's own rules. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Replay the event store's history in memory with the status view's own rules and compare "
                + "with the status view: notifications per status, and per notification its status and the last "
                + "sequence applied. Prints each mismatch (notification, field, what the store says, what the view "
                + "says; never a recipient) and exits 1 on any.",
                "A view that lags is no mismatch: the view is read first, then the history; each notification's "
                + "events are folded only up to the sequence its document reports as applied. Later events are "
                + "counted as not yet projected, and a notification the view has no document of yet is counted, "
                + "not compared."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the view agrees with the store", "1:mismatches (listed)", "2:bad usage",
                "3:the ledger could not be reached, refused the key, or answered an error"})
public class VerifyCommand implements Callable<Integer> {

    private static final int PAGE = 5_000;
    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {
    };

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--tenant", description = "Only this tenant's notifications (default: every tenant's).")
    String tenant;

    @Option(names = "--no-progress", description = "No progress bar (none either with --output json).")
    boolean noProgress;

    @Override
    public Integer call() throws IOException {
        VerifyComparison comparison = new VerifyComparison();
        try (ProgressBar progress = progressBar()) {
            readView(comparison, progress);
            readHistory(comparison, progress);
        }
        VerifyComparison.Result result = comparison.result();
        print(result);
        return result.mismatches().isEmpty() ? ExitCodes.DONE : ExitCodes.REFUSED;
    }

    private void readView(VerifyComparison comparison, ProgressBar progress) {
        LedgerHttp query = connection.querySide();
        String after = null;
        do {
            StringBuilder path = new StringBuilder("/admin/v1/views/notification-status/documents?limit=" + PAGE);
            append(path, "tenant", tenant);
            append(path, "after", after);
            JsonNode page = query.get(path.toString());
            for (JsonNode document : page.path("documents")) {
                JsonNode applied = document.path("lastAppliedSequence");
                comparison.viewed(document.path("id").asText(), document.path("tenant").asText(null),
                        document.path("status").asText(null), applied.isNumber() ? applied.asLong() : null);
            }
            if (progress != null) {
                progress.stepBy(page.path("documents").size());
            }
            after = page.path("next").asText(null);
        } while (after != null);
        if (progress != null) {
            progress.setExtraMessage(" documents read; events:");
            progress.reset();
        }
    }

    /** The history in the store's global order, a line at a time: each line is folded and forgotten. */
    private void readHistory(VerifyComparison comparison, ProgressBar progress) throws IOException {
        StringBuilder path = new StringBuilder("/admin/v1/history?format=ndjson");
        if (tenant == null) {
            path.append("&allTenants=true");
        }
        append(path, "tenant", tenant);
        try (InputStream lines = connection.commandSide().stream(path.toString(), "application/x-ndjson");
             MappingIterator<JsonNode> records = ConnectionOptions.JSON.readerFor(JsonNode.class).readValues(lines)) {
            while (records.hasNextValue()) {
                JsonNode record = records.nextValue();
                comparison.stored(record.path("notificationId").asText(), record.path("sequence").asLong(),
                        record.path("type").asText(), record.path("tenant").asText(null),
                        ConnectionOptions.JSON.convertValue(record.path("details"), DETAILS));
                if (progress != null) {
                    progress.step();
                }
            }
        }
    }

    private static void append(StringBuilder path, String name, String value) {
        if (value != null) {
            path.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private ProgressBar progressBar() {
        if (noProgress || connection.json()) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName("verify").setInitialMax(-1).showSpeed()
                .setUpdateIntervalMillis(250).continuousUpdate().build();
    }

    private void print(VerifyComparison.Result result) {
        PrintWriter out = spec.commandLine().getOut();
        TreeSet<String> statuses = new TreeSet<>(result.storeCounts().keySet());
        statuses.addAll(result.viewCounts().keySet());
        if (connection.json()) {
            ObjectNode answer = ConnectionOptions.JSON.createObjectNode()
                    .put("documents", result.documents()).put("notifications", result.notifications())
                    .put("events", result.events()).put("notYetProjected", result.notYetProjected())
                    .put("lagging", result.lagging()).put("notInView", result.notInView());
            ObjectNode counts = answer.putObject("counts");
            for (String status : statuses) {
                counts.putObject(status).put("store", result.storeCounts().getOrDefault(status, 0L))
                        .put("view", result.viewCounts().getOrDefault(status, 0L));
            }
            answer.set("mismatches", ConnectionOptions.JSON.valueToTree(result.mismatches()));
            out.println(answer);
        } else {
            out.printf("%d documents in the view, %d notifications with %d events in the store%n", result.documents(),
                    result.notifications(), result.events());
            out.printf("%d events not projected yet (%d notifications lagging, %d not in the view yet): not compared%n",
                    result.notYetProjected(), result.lagging(), result.notInView());
            out.printf("%-18s %10s %10s%n", "status", "store", "view");
            for (String status : statuses) {
                long stored = result.storeCounts().getOrDefault(status, 0L);
                long viewed = result.viewCounts().getOrDefault(status, 0L);
                out.printf("%-18s %10d %10d%s%n", status, stored, viewed, stored == viewed ? "" : "  differs");
            }
            out.printf("%d mismatches%n", result.mismatches().size());
            for (VerifyComparison.Mismatch mismatch : result.mismatches()) {
                out.printf("%s  %s: store says %s, view says %s%n", mismatch.notificationId(), mismatch.field(),
                        mismatch.storeSays(), mismatch.viewSays());
            }
        }
        out.flush();
    }
}
