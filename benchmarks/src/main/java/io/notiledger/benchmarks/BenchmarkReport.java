package io.notiledger.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The figures of one run, as a table for people and as JSON for tools. */
record BenchmarkReport(
        String target,
        String load,
        String commit,
        long accepted,
        double acceptedPerSecond,
        Percentiles acceptLatency,
        Percentiles endToEndVisible,
        Percentiles acceptedToSent,
        double deliveredPerSecond,
        Percentiles publishLag,
        Percentiles projectionLag,
        Map<String, Long> errors,
        long acceptedIncludingWarmup,
        long unaccounted,
        Long duplicateMails,
        Long missingMails,
        Double peakRssMb,
        Double peakCores,
        Window.Figures window) {

    String table() {
        StringBuilder t = new StringBuilder();
        t.append("\nNotification ledger benchmark").append(commit == null ? "" : " @ " + commit).append('\n');
        t.append("target: ").append(target).append('\n');
        t.append("load:   ").append(load).append("\n\n");
        t.append(String.format("accepted                         %10d   (%.1f/s)%n", accepted, acceptedPerSecond));
        t.append(String.format("delivered (SENT) sustained       %10.1f/s%n", deliveredPerSecond));
        t.append(String.format("%-32s %9s %9s %9s %9s%n", "latency, ms", "p50", "p95", "p99", "max"));
        t.append(String.format("%-32s %s%n", "accept (HTTP 202)", acceptLatency.row()));
        t.append(String.format("%-32s %s%n", "end to end (SENT visible)", endToEndVisible.row()));
        t.append(String.format("%-32s %s%n", "accepted -> SENT event", acceptedToSent.row()));
        t.append(String.format("%-32s %s%n", "publish lag (stored -> Kafka)", publishLag.row()));
        t.append(String.format("%-32s %s%n", "projection lag (Kafka -> view)", projectionLag.row()));
        t.append(String.format("errors                           %s%n", errors.isEmpty() ? "none" : errors));
        t.append(String.format("unaccounted at the end           %10d   (of %d accepted, warm-up included)%n",
                unaccounted, acceptedIncludingWarmup));
        if (duplicateMails != null) {
            t.append(String.format("mails sent twice / missing       %10d / %d%n", duplicateMails, missingMails));
        }
        t.append(String.format("%nmeasured window                  %10d notifications%s%n", window.notifications(),
                window.seconds() == null ? "" : String.format(" in %.1f s (from the measured load's start until all SENT)", window.seconds())));
        if (window.jvmCpuMillis() != null) {
            t.append(String.format("ledger CPU per notification, ms  %10.2f   (JVM %.2f + PostgreSQL %s)%n", window.totalCpuMillis(),
                    window.jvmCpuMillis(), window.postgresCpuMillis() == null ? "not measured" : String.format("%.2f", window.postgresCpuMillis())));
            if (window.jitCpuMillis() != null) {
                t.append(String.format("  without the JIT compiler, ms   %10.2f   (the JVM's compiler threads took %.2f)%n",
                        window.compiledCpuMillis(), window.jitCpuMillis()));
            }
            t.append(String.format("ledger CPU in the window          %9.2f cores on average, peak %.2f; peak RSS of the JVM %.0f MB%n",
                    window.averageCores(), peakCores, peakRssMb));
        }
        if (!window.counters().isEmpty()) {
            t.append("per notification                ");
            window.counters().forEach((name, value) -> t.append(String.format(" %s %.2f", name, value)));
            t.append('\n');
        }
        return t.toString();
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("target", target);
        json.put("load", load);
        json.put("commit", commit);
        json.put("accepted", accepted);
        json.put("accepted_per_second", acceptedPerSecond);
        json.put("delivered_per_second", deliveredPerSecond);
        json.put("accept_latency", acceptLatency.toMap());
        json.put("end_to_end_sent_visible", endToEndVisible.toMap());
        json.put("accepted_to_sent", acceptedToSent.toMap());
        json.put("publish_lag", publishLag.toMap());
        json.put("projection_lag", projectionLag.toMap());
        json.put("errors", errors);
        json.put("accepted_including_warmup", acceptedIncludingWarmup);
        json.put("unaccounted", unaccounted);
        json.put("duplicate_mails", duplicateMails);
        json.put("missing_mails", missingMails);
        json.put("peak_rss_mb", peakRssMb);
        json.put("peak_cpu_cores", peakCores);
        Map<String, Object> measured = new LinkedHashMap<>();
        measured.put("notifications", window.notifications());
        measured.put("seconds", window.seconds());
        measured.put("average_cpu_cores", window.averageCores());
        measured.put("cpu_ms_per_notification", window.totalCpuMillis());
        measured.put("jvm_cpu_ms_per_notification", window.jvmCpuMillis());
        measured.put("postgres_cpu_ms_per_notification", window.postgresCpuMillis());
        measured.put("jit_cpu_ms_per_notification", window.jitCpuMillis());
        measured.put("cpu_ms_per_notification_without_jit", window.compiledCpuMillis());
        measured.put("per_notification", window.counters());
        json.put("window", measured);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }
}
