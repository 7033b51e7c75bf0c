package io.notiledger.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The measured window, from the start of the measured load until every notification of it shows SENT: the
 * ledger's CPU (JVM and PostgreSQL apart) and its round-trip counters are read when it opens and when it
 * closes, and divided by the notifications accepted in it. The warm-up was delivered before it opened.
 */
final class Window {

    /** PostgreSQL's statistics reach pg_stat_database up to half a second after a transaction ends. */
    private static final long STATISTICS_DELAY_NANOS = 1_500_000_000L;

    private final Optional<ResourceSampler> resources;
    private final LedgerMeters meters;
    private final LedgerTarget target;
    private final StatusProbe statuses;
    private final Optional<ResourceSampler.Snapshot> cpuAtStart;
    private final Map<String, Double> countersAtStart;

    private Window(Optional<ResourceSampler> resources, LedgerMeters meters, LedgerTarget target, StatusProbe statuses) {
        this.resources = resources;
        this.meters = meters;
        this.target = target;
        this.statuses = statuses;
        LockSupport.parkNanos(STATISTICS_DELAY_NANOS);
        this.countersAtStart = counters();
        this.cpuAtStart = resources.map(ResourceSampler::snapshot);
    }

    static Window open(Optional<ResourceSampler> resources, LedgerMeters meters, LedgerTarget target, StatusProbe statuses) {
        return new Window(resources, meters, target, statuses);
    }

    Closed close() {
        Optional<ResourceSampler.Snapshot> cpuAtEnd = resources.map(ResourceSampler::snapshot);
        LockSupport.parkNanos(STATISTICS_DELAY_NANOS);
        Map<String, Double> countersAtEnd = counters();
        return new Closed(cpuAtStart, cpuAtEnd, countersAtStart, countersAtEnd,
                resources.map(ResourceSampler::measuresPostgres).orElse(false));
    }

    private Map<String, Double> counters() {
        Map<String, Double> counters = new LinkedHashMap<>(meters.read());
        target.smtpConnections().ifPresent(connections -> counters.put("smtp_connections", connections.doubleValue()));
        counters.put("status_reads", (double) statuses.reads());
        return counters;
    }

    /** What the window measured. */
    record Closed(Optional<ResourceSampler.Snapshot> cpuAtStart, Optional<ResourceSampler.Snapshot> cpuAtEnd,
                  Map<String, Double> countersAtStart, Map<String, Double> countersAtEnd, boolean measuresPostgres) {

        Figures perNotification(long notifications) {
            Double seconds = cpuAtEnd.map(end -> (end.nanos() - cpuAtStart.orElseThrow().nanos()) / 1e9).orElse(null);
            Double jvm = cpuAtEnd.map(end -> end.jvmMillisSince(cpuAtStart.orElseThrow()) / notifications).orElse(null);
            Double jit = cpuAtEnd.map(end -> end.jitMillisSince(cpuAtStart.orElseThrow()) / notifications).orElse(null);
            Double postgres = measuresPostgres
                    ? cpuAtEnd.map(end -> end.postgresMillisSince(cpuAtStart.orElseThrow()) / notifications).orElse(null) : null;
            Double cores = cpuAtEnd.map(end -> end.coresSince(cpuAtStart.orElseThrow())).orElse(null);
            return new Figures(notifications, seconds, jvm, jit, postgres, cores,
                    LedgerMeters.perNotification(countersAtStart, countersAtEnd, notifications));
        }
    }

    /**
     * Per notification of the window: CPU ms of the ledger's JVM (of which its JIT compiler threads) and of its
     * PostgreSQL (null when not measured), and each round-trip counter.
     */
    record Figures(long notifications, Double seconds, Double jvmCpuMillis, Double jitCpuMillis, Double postgresCpuMillis,
                   Double averageCores, Map<String, Double> counters) {

        /**
         * The total without the JIT compiler's share: what a notification costs once the ledger's code is compiled,
         * which a short warm-up leaves partly undone (the compiler took a fifth of the ledger's CPU 40 s into a run).
         */
        Double compiledCpuMillis() {
            Double total = totalCpuMillis();
            return total == null || jitCpuMillis == null ? total : total - jitCpuMillis;
        }

        Double totalCpuMillis() {
            if (jvmCpuMillis == null) {
                return null;
            }
            return postgresCpuMillis == null ? jvmCpuMillis : jvmCpuMillis + postgresCpuMillis;
        }
    }
}
