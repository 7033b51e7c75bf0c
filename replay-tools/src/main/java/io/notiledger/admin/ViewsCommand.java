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

/** {@code views status}: each view's lag behind the topic, whether it is replaying, and its parked events. */
@Command(name = "views", mixinStandardHelpOptions = true, description = "The read views.",
        subcommands = ViewsCommand.Status.class)
public class ViewsCommand {

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Per view: events behind, caught up, replaying, parked events. Exit 1 when any has parked events.")
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
            ArrayNode views = ConnectionOptions.JSON.createArrayNode();
            for (JsonNode processor : lag.path("processors")) {
                String group = processor.path("processingGroup").asText();
                ObjectNode view = views.addObject();
                view.put("view", group);
                view.set("eventsBehind", processor.path("eventsBehind"));
                view.put("caughtUp", processor.path("caughtUp").asBoolean());
                view.put("replaying", processor.path("replaying").asBoolean());
                view.put("parkedEvents", parked.getOrDefault(group, 0L));
            }
            print(views, lag.path("measuredAt").asText());
            boolean anyParked = parked.values().stream().anyMatch(count -> count > 0);
            return anyParked ? ExitCodes.REFUSED : ExitCodes.DONE;
        }

        private void print(ArrayNode views, String measuredAt) {
            PrintWriter out = spec.commandLine().getOut();
            if (connection.json()) {
                ObjectNode answer = ConnectionOptions.JSON.createObjectNode().put("measuredAt", measuredAt);
                answer.set("views", views);
                out.println(answer);
            } else {
                out.printf("%-32s %14s %10s %10s %8s%n", "view", "events behind", "caught up", "replaying", "parked");
                for (JsonNode view : views) {
                    out.printf("%-32s %14s %10s %10s %8d%n", view.path("view").asText(),
                            view.path("eventsBehind").isNull() ? "?" : view.path("eventsBehind").asText(),
                            view.path("caughtUp").asBoolean() ? "yes" : "no", view.path("replaying").asBoolean() ? "yes" : "no",
                            view.path("parkedEvents").asLong());
                }
                out.printf("measured at %s%n", measuredAt);
            }
            out.flush();
        }
    }
}
