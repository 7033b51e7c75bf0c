package io.notiledger.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code views status}: each view's lag behind the topic, whether it is replaying, its parked events and its running
 * rebuild; {@code views rebuild}: {@link ViewsRebuildCommand}.
 */
@Command(name = "views", mixinStandardHelpOptions = true, description = "The read views.",
        subcommands = {ViewsCommand.Status.class, ViewsRebuildCommand.class})
public class ViewsCommand {

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Per view: events behind, caught up, replaying, parked events, a running rebuild's progress. "
                    + "Exit 1 when any has parked events.")
    static class Status implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        @Override
        public Integer call() {
            LedgerHttp query = connection.querySide();
            JsonNode lag = query.get("/v1/views/lag");
            Map<String, Long> parked = new HashMap<>();
            query.get("/admin/v1/parked-events").path("groups")
                    .forEach(group -> parked.put(group.path("group").asText(), group.path("parked").asLong()));
            Map<String, JsonNode> generations = new HashMap<>();
            query.get("/admin/v1/views/rebuilds").path("views")
                    .forEach(generation -> generations.put(generation.path("processingGroup").asText(), generation));
            ArrayNode views = ConnectionOptions.JSON.createArrayNode();
            for (JsonNode processor : lag.path("processors")) {
                String group = processor.path("processingGroup").asText();
                ObjectNode view = views.addObject();
                view.put("view", group);
                view.set("eventsBehind", processor.path("eventsBehind"));
                view.put("caughtUp", processor.path("caughtUp").asBoolean());
                view.put("replaying", processor.path("replaying").asBoolean());
                view.put("parkedEvents", parked.getOrDefault(group, 0L));
                JsonNode generation = generations.get(group);
                if (generation != null) {
                    view.set("generation", generation);
                }
            }
            print(views, lag.path("measuredAt").asText());
            boolean anyParked = parked.values().stream().anyMatch(count -> count > 0);
            return anyParked ? ExitCodes.REFUSED : ExitCodes.DONE;
        }

        /** A running rebuild's progress, or the live generation. */
        private static String rebuild(JsonNode generation) {
            if (generation.path("buildingGeneration").isNumber()) {
                return String.format("generation %d %s %,d/%,d events %,.0f/s", generation.path("buildingGeneration").asInt(),
                        generation.path("phase").asText().toLowerCase(java.util.Locale.ROOT), generation.path("eventsDone").asLong(),
                        generation.path("eventsTotal").asLong(), generation.path("eventsPerSecond").asDouble());
            }
            String error = generation.path("lastError").asText(null);
            return generation.isMissingNode() ? "" : "live generation " + generation.path("liveGeneration").asInt()
                    + (error == null ? "" : ", last rebuild failed: " + error);
        }

        private void print(ArrayNode views, String measuredAt) {
            PrintWriter out = spec.commandLine().getOut();
            if (connection.json()) {
                ObjectNode answer = ConnectionOptions.JSON.createObjectNode().put("measuredAt", measuredAt);
                answer.set("views", views);
                out.println(answer);
            } else {
                out.printf("%-32s %14s %10s %10s %8s  %s%n", "view", "events behind", "caught up", "replaying", "parked",
                        "rebuild");
                for (JsonNode view : views) {
                    out.printf("%-32s %14s %10s %10s %8d  %s%n", view.path("view").asText(),
                            view.path("eventsBehind").isNull() ? "?" : view.path("eventsBehind").asText(),
                            view.path("caughtUp").asBoolean() ? "yes" : "no", view.path("replaying").asBoolean() ? "yes" : "no",
                            view.path("parkedEvents").asLong(), rebuild(view.path("generation")));
                }
                out.printf("measured at %s%n", measuredAt);
            }
            out.flush();
        }
    }
}
