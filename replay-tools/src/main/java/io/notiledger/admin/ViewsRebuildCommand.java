package io.notiledger.admin;

import com.fasterxml.jackson.databind.JsonNode;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code views rebuild}: starts a blue/green rebuild on the query side and, unless {@code --no-wait}, shows its
 * progress until the rebuilt views are live (exit 0) or the rebuild ended without switching (exit 1).
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = {"Rebuilds a view from the start of the events topic into new collections while the live view "
                + "keeps answering, then switches reads to it and drops the old one.",
                "Exit 0 once switched (or started, with --no-wait); 1 when a rebuild runs already or ended without "
                        + "switching; 2 for an unknown view."})
class ViewsRebuildCommand implements Callable<Integer> {

    enum View { status, audit, stats, all }

    private static final String REBUILDS = "/admin/v1/views/rebuilds";
    private static final Duration POLL = Duration.ofMillis(500);

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--view", defaultValue = "all", description = "status, audit, stats or all (default: ${DEFAULT-VALUE}).")
    View view;

    @Option(names = "--no-wait", description = "Start the rebuild and exit; `views status` shows its progress.")
    boolean noWait;

    @Option(names = "--no-progress", description = "No progress bar (none either with --output json).")
    boolean noProgress;

    @Override
    public Integer call() throws InterruptedException {
        LedgerHttp query = connection.querySide();
        JsonNode started = query.post(REBUILDS, Map.of("view", view.name()));
        Map<String, Integer> targets = new HashMap<>();
        for (JsonNode generation : started.path("views")) {
            if ((view == View.all || view.name().equals(generation.path("view").asText()))
                    && generation.path("buildingGeneration").isNumber()) {
                targets.put(generation.path("view").asText(), generation.path("buildingGeneration").asInt());
            }
        }
        if (noWait) {
            return report(started, targets, "started");
        }
        JsonNode latest = started;
        try (ProgressBar progress = progressBar()) {
            while (running(latest, targets)) {
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
                latest = query.get(REBUILDS);
                if (progress != null) {
                    show(progress, latest, targets);
                }
            }
        }
        JsonNode ended = latest;
        boolean switched = targets.entrySet().stream().allMatch(target -> generationOf(ended, target.getKey())
                .path("liveGeneration").asInt() == target.getValue());
        return switched ? report(latest, targets, "switched") : report(latest, targets, "failed");
    }

    private static boolean running(JsonNode generations, Map<String, Integer> targets) {
        return targets.keySet().stream().anyMatch(name -> generationOf(generations, name).path("buildingGeneration").isNumber());
    }

    private static JsonNode generationOf(JsonNode generations, String name) {
        for (JsonNode generation : generations.path("views")) {
            if (generation.path("view").asText().equals(name)) {
                return generation;
            }
        }
        return ConnectionOptions.JSON.missingNode();
    }

    private static void show(ProgressBar progress, JsonNode generations, Map<String, Integer> targets) {
        long done = 0;
        long total = 0;
        double rate = 0;
        for (String name : targets.keySet()) {
            JsonNode generation = generationOf(generations, name);
            done += generation.path("eventsDone").asLong();
            total += generation.path("eventsTotal").asLong();
            rate += generation.path("eventsPerSecond").asDouble();
        }
        progress.maxHint(Math.max(total, done));
        progress.stepTo(done);
        progress.setExtraMessage(String.format(" %,.0f events/s", rate));
    }

    private int report(JsonNode generations, Map<String, Integer> targets, String outcome) {
        PrintWriter out = spec.commandLine().getOut();
        boolean failed = "failed".equals(outcome);
        if (connection.json()) {
            out.println(ConnectionOptions.JSON.createObjectNode().put("outcome", outcome).set("views", generations.path("views")));
        } else {
            for (String name : List.copyOf(targets.keySet())) {
                JsonNode generation = generationOf(generations, name);
                String error = generation.path("lastError").asText(null);
                out.printf("%-8s %s: generation %d %s%s%n", name, outcome, targets.get(name),
                        generation.path("liveGeneration").asInt() == targets.get(name) ? "is live" : "is not live",
                        error == null ? "" : " (" + error + ")");
            }
        }
        out.flush();
        return failed ? ExitCodes.REFUSED : ExitCodes.DONE;
    }

    private ProgressBar progressBar() {
        if (noProgress || connection.json()) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName("rebuild " + view).setInitialMax(-1).showSpeed()
                .setUpdateIntervalMillis(250).continuousUpdate().build();
    }
}
