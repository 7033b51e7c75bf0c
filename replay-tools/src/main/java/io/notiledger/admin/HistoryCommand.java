package io.notiledger.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

/** {@code history export}: the events from the store of record, as an auditor needs them. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "The event history.",
        subcommands = HistoryCommand.Export.class)
public class HistoryCommand {

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Stream the events of one notification, or of a tenant in a time window, to stdout or a file:",
                    "type, time, notification, tenant, actor, correlation id, details (recipients masked)."})
    static class Export implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--notification", description = "One notification's events.")
        String notification;

        @Option(names = "--tenant", description = "A tenant's events (with --since/--until).")
        String tenant;

        @Option(names = "--since", description = "At or after this instant (ISO-8601).")
        Instant since;

        @Option(names = "--until", description = "Before this instant (ISO-8601).")
        Instant until;

        @Option(names = "--format", defaultValue = "ndjson", description = "ndjson or csv (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--file", description = "Write here instead of stdout.")
        Path file;

        @Override
        public Integer call() throws IOException {
            if ((notification == null) == (tenant == null)) {
                throw Usage.error(spec, "Give either --notification ID or --tenant T (with --since/--until).");
            }
            if (since != null && until != null && !since.isBefore(until)) {
                throw Usage.error(spec, "--since " + since + " is not before --until " + until + ".");
            }
            if (!format.equals("ndjson") && !format.equals("csv")) {
                throw Usage.error(spec, "--format must be ndjson or csv.");
            }
            StringJoiner query = new StringJoiner("&", "/admin/v1/history?", "");
            add(query, "notification", notification);
            add(query, "tenant", tenant);
            add(query, "since", since == null ? null : since.toString());
            add(query, "until", until == null ? null : until.toString());
            add(query, "format", format);
            String accept = format.equals("csv") ? "text/csv" : "application/x-ndjson";
            try (InputStream events = connection.commandSide().stream(query.toString(), accept)) {
                if (file != null) {
                    try (OutputStream target = Files.newOutputStream(file)) {
                        events.transferTo(target);
                    }
                } else {
                    copyToOut(events);
                }
            }
            return ExitCodes.DONE;
        }

        /** Through the command line's writer, so that an in-process caller sees it; a buffer at a time. */
        private void copyToOut(InputStream events) {
            try {
                var reader = new java.io.InputStreamReader(events, StandardCharsets.UTF_8);
                char[] buffer = new char[8192];
                for (int read = reader.read(buffer); read >= 0; read = reader.read(buffer)) {
                    spec.commandLine().getOut().write(buffer, 0, read);
                }
                spec.commandLine().getOut().flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void add(StringJoiner query, String name, String value) {
            if (value != null) {
                query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }
}
