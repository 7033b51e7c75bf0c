package io.notiledger.standalone;

import io.notiledger.standalone.ScaledOutCluster.Side;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The throughput of the production shape with N command sides: starts a {@link ScaledOutCluster}, waits until
 * the instances share the delivery and view segments, loads the command sides with a fixed number of concurrent
 * senders (sender i sends to command side i mod N, each as fast as its answers come), and after a warm-up
 * measures a window: notifications accepted ({@code 202}) and SENT (the command sides'
 * {@code ledger_notifications_sent_total}) per second, the mean delivery attempt's time (from hand-over to the
 * sender to its outcome, {@code ledger_delivery_attempt_seconds}), and the CPU time (utime + stime, from {@code /proc}) of
 * each JVM per notification SENT. Prints the figures as a line of {@code key=value}; judges no speed, but exits
 * with 1 when the window saw nothing accepted or nothing SENT.
 * Run by {@code ./benchmark-scaled-out} (see BENCHMARKS.md), for example
 * {@code --command-sides 2 --query-sides 1 --concurrency 16 --warmup 20 --duration 30}.
 */
public final class ScaledOutThroughput {

    private static final List<String> VIEWS = List.of("notification-status", "notification-audit");

    private final Options options;
    private final ScaledOutCluster cluster;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicBoolean loading = new AtomicBoolean(true);
    private final Map<String, AtomicLong> accepted = new LinkedHashMap<>();
    private final AtomicLong errors = new AtomicLong();

    private ScaledOutThroughput(Options options, ScaledOutCluster cluster) {
        this.options = options;
        this.cluster = cluster;
        cluster.commandSides().forEach(side -> accepted.put(side.name(), new AtomicLong()));
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path target = Path.of(System.getProperty("basedir", "."), "target");
        Files.createDirectories(target);
        Path dir = Files.createTempDirectory(target, "scaled-out-throughput-");
        boolean measured;
        try (ScaledOutCluster cluster = ScaledOutCluster.start(dir, target.resolve("scaled-out-throughput-logs"),
                options.commandSides(), options.querySides())) {
            measured = new ScaledOutThroughput(options, cluster).run();
        } finally {
            deleteRecursively(dir);
        }
        if (!measured) {
            System.err.println("Nothing accepted or nothing SENT in the window: see the logs in "
                    + target.resolve("scaled-out-throughput-logs"));
            System.exit(1);
        }
    }

    private boolean run() throws Exception {
        awaitSegmentsShared();
        ExecutorService senders = Executors.newFixedThreadPool(options.concurrency());
        for (int s = 0; s < options.concurrency(); s++) {
            int sender = s;
            senders.submit(() -> send(sender));
        }
        Thread.sleep(options.warmup().toMillis());
        Snapshot start = snapshot();
        Thread.sleep(options.duration().toMillis());
        Snapshot end = snapshot();
        loading.set(false);
        senders.shutdown();
        senders.awaitTermination(30, TimeUnit.SECONDS);
        return report(start, end);
    }

    /** Waits until every command side holds delivery segments and every query side segments of each view. */
    private void awaitSegmentsShared() throws Exception {
        Awaitility.await("the instances sharing the segments (logs in " + cluster.logs() + ")")
                .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(this::segmentsShared);
    }

    private boolean segmentsShared() throws IOException, InterruptedException {
        double delivery = 0;
        for (Side side : cluster.commandSides()) {
            double claimed = cluster.claimedBy(side, "delivery");
            if (claimed < 1) {
                return false;
            }
            delivery += claimed;
        }
        for (String view : VIEWS) {
            double segments = 0;
            for (Side side : cluster.querySides()) {
                double claimed = cluster.claimedBy(side, view);
                if (claimed < 1) {
                    return false;
                }
                segments += claimed;
            }
            if (segments != 2) {
                return false;
            }
        }
        return delivery == 4;
    }

    private void send(int sender) {
        Side side = cluster.commandSides().get(sender % cluster.commandSides().size());
        for (long n = 0; loading.get(); n++) {
            String body = "{\"channel\":\"EMAIL\",\"recipient\":\"user" + sender + "." + n + "@example.com\","
                    + "\"subject\":\"Throughput " + n + "\",\"body\":\"Hello\"}";
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(side.uri("/v1/notifications"))
                        .header("Authorization", "Bearer " + cluster.senderKey())
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", "throughput-" + sender + "-" + n).timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                (answer.statusCode() == 202 ? accepted.get(side.name()) : errors).incrementAndGet();
            } catch (IOException e) {
                errors.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Snapshot snapshot() throws IOException, InterruptedException {
        // the counters and CPU times at one moment; the scrapes take a while under load, the same at both ends
        long at = System.nanoTime();
        Map<String, Long> acceptedNow = new LinkedHashMap<>();
        accepted.forEach((side, count) -> acceptedNow.put(side, count.get()));
        Map<String, Duration> cpu = new LinkedHashMap<>();
        Stream.concat(cluster.commandSides().stream(), cluster.querySides().stream())
                .forEach(side -> cpu.put(side.name(), side.process().cpuTime()));
        cluster.infrastructure().forEach(process -> cpu.put(process.name(), process.cpuTime()));
        Map<String, Double> sent = new LinkedHashMap<>();
        double attemptSeconds = 0;
        double attempts = 0;
        for (Side side : cluster.commandSides()) {
            PrometheusText metrics = cluster.scrape(side);
            sent.put(side.name(), metrics.sum("ledger_notifications_sent_total"));
            attemptSeconds += metrics.sum("ledger_delivery_attempt_seconds_sum");
            attempts += metrics.sum("ledger_delivery_attempt_seconds_count");
        }
        return new Snapshot(at, acceptedNow, sent, attemptSeconds, attempts, cpu, errors.get(), loadAverage());
    }

    /** Prints the figures; false when the window saw nothing accepted or nothing SENT (something is broken). */
    private boolean report(Snapshot start, Snapshot end) {
        double seconds = (end.at() - start.at()) / 1e9;
        long acceptedInWindow = end.acceptedTotal() - start.acceptedTotal();
        double sentInWindow = end.sentTotal() - start.sentTotal();
        List<String> figures = new ArrayList<>(List.of(
                "command_sides=" + cluster.commandSides().size(), "query_sides=" + cluster.querySides().size(),
                "concurrency=" + options.concurrency(), "window_s=" + format(seconds),
                "accepted=" + acceptedInWindow, "accepted_per_s=" + format(acceptedInWindow / seconds),
                "sent=" + Math.round(sentInWindow), "sent_per_s=" + format(sentInWindow / seconds),
                "errors=" + (end.errors() - start.errors()),
                "attempt_mean_ms=" + format(1000 * (end.attemptSeconds() - start.attemptSeconds())
                        / (end.attempts() - start.attempts())),
                "backlog_at_end=" + Math.round(end.acceptedTotal() - end.sentTotal()),
                "load_avg_start=" + start.loadAverage(), "load_avg_end=" + end.loadAverage()));
        for (String side : end.accepted().keySet()) {
            figures.add("accepted_by_" + side + "=" + (end.accepted().get(side) - start.accepted().get(side)));
            figures.add("sent_by_" + side + "=" + Math.round(end.sent().get(side) - start.sent().get(side)));
        }
        double sidesCpuMs = 0;
        for (String process : end.cpu().keySet()) {
            double cpuMs = end.cpu().get(process).minus(start.cpu().get(process)).toNanos() / 1e6;
            if (process.startsWith("command-") || process.startsWith("query-")) {
                sidesCpuMs += cpuMs;
            }
            figures.add("cpu_ms_per_sent_" + process + "=" + format(cpuMs / sentInWindow));
            figures.add("cores_" + process + "=" + format(cpuMs / 1000 / seconds));
        }
        figures.add("cpu_ms_per_sent_sides=" + format(sidesCpuMs / sentInWindow));
        System.out.println("scaled-out-throughput " + String.join(" ", figures));
        return acceptedInWindow > 0 && sentInWindow > 0;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** The 1-minute load average, from {@code /proc/loadavg}. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private record Snapshot(long at, Map<String, Long> accepted, Map<String, Double> sent, double attemptSeconds,
                            double attempts, Map<String, Duration> cpu, long errors, String loadAverage) {
        long acceptedTotal() {
            return accepted.values().stream().mapToLong(Long::longValue).sum();
        }

        double sentTotal() {
            return sent.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /** The command line: {@code --command-sides N --query-sides N --concurrency N --warmup S --duration S}. */
    record Options(int commandSides, int querySides, int concurrency, Duration warmup, Duration duration) {

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>(Map.of("--command-sides", "1", "--query-sides", "1",
                    "--concurrency", "16", "--warmup", "20", "--duration", "30"));
            for (int i = 0; i < args.length; i += 2) {
                if (!values.containsKey(args[i]) || i + 1 == args.length) {
                    throw new IllegalArgumentException("Usage: " + String.join(" ", values.keySet())
                            + " (each with a number; durations in seconds); not " + args[i]);
                }
                values.put(args[i], args[i + 1].replaceAll("s$", ""));
            }
            return new Options(Integer.parseInt(values.get("--command-sides")),
                    Integer.parseInt(values.get("--query-sides")), Integer.parseInt(values.get("--concurrency")),
                    Duration.ofSeconds(Long.parseLong(values.get("--warmup"))),
                    Duration.ofSeconds(Long.parseLong(values.get("--duration"))));
        }
    }
}
