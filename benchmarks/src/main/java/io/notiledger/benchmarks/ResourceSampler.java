package io.notiledger.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The ledger's CPU and memory from /proc (Linux): CPU time of the ledger's JVM and, apart, of its PostgreSQL
 * server (the postmaster and every backend below it; the embedded server runs detached from the JVM that
 * started it), read as snapshots at the start and end of the measured window; peak cores and resident memory
 * sampled twice a second.
 * <p>
 * CPU time of a process is utime + stime + cutime + cstime (fields 14 to 17 of /proc/PID/stat) summed over the
 * process and its descendants: a child's own time moves into its parent's cutime/cstime when it is reaped, so
 * a backend that ends meanwhile is neither lost nor counted twice.
 */
final class ResourceSampler implements AutoCloseable {

    private static final double CLOCK_TICKS_PER_SECOND = 100.0;
    private static final long SAMPLE_MILLIS = 500;

    /**
     * CPU time used so far, in clock ticks, by the ledger's JVM, by its JIT compiler threads (part of the JVM's)
     * and by its PostgreSQL, at a moment.
     */
    record Snapshot(long jvmTicks, long jitTicks, long postgresTicks, long nanos) {

        /** CPU milliseconds of the JVM between {@code start} and this snapshot. */
        double jvmMillisSince(Snapshot start) {
            return (jvmTicks - start.jvmTicks) * 1000 / CLOCK_TICKS_PER_SECOND;
        }

        /**
         * CPU milliseconds of the JVM's JIT compiler threads between {@code start} and this snapshot. The JVM
         * starts and ends compiler threads as the queue of methods to compile grows and shrinks; the time of a
         * compiler thread that ended within the window is missed, so this is a lower bound.
         */
        double jitMillisSince(Snapshot start) {
            return Math.max(0, jitTicks - start.jitTicks) * 1000 / CLOCK_TICKS_PER_SECOND;
        }

        double postgresMillisSince(Snapshot start) {
            return (postgresTicks - start.postgresTicks) * 1000 / CLOCK_TICKS_PER_SECOND;
        }

        /** Cores in use on average between {@code start} and this snapshot (2.0 = both cores of a 2-core machine). */
        double coresSince(Snapshot start) {
            return (jvmMillisSince(start) + postgresMillisSince(start)) / ((nanos - start.nanos) / 1e6);
        }
    }

    private final long pid;
    private final Long postgresPid;
    private final Path status;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "resource-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private Snapshot last;
    private volatile double peakCores;
    private volatile long peakRssKb;

    ResourceSampler(long pid, Long postgresPid) {
        this.pid = pid;
        this.postgresPid = postgresPid;
        this.status = Path.of("/proc", Long.toString(pid), "status");
        this.last = snapshot();
        sampler.scheduleAtFixedRate(this::sample, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    boolean measuresPostgres() {
        return postgresPid != null;
    }

    private synchronized void sample() {
        Snapshot now = snapshot();
        if (now.nanos() - last.nanos() < SAMPLE_MILLIS * 500_000) {
            return; // a sample run late and then at once: too short an interval for 10 ms ticks
        }
        peakCores = Math.max(peakCores, now.coresSince(last));
        peakRssKb = Math.max(peakRssKb, Math.max(memoryKb("VmRSS:"), memoryKb("VmHWM:")));
        last = now;
    }

    double peakCores() {
        return peakCores;
    }

    double peakRssMb() {
        return Math.max(peakRssKb, memoryKb("VmHWM:")) / 1024.0;
    }

    Snapshot snapshot() {
        Map<Long, List<Long>> children = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    String line = Files.readString(process.resolve("stat"));
                    String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
                    long id = Long.parseLong(process.getFileName().toString());
                    children.computeIfAbsent(Long.parseLong(fields[1]), parent -> new ArrayList<>()).add(id);
                    ticks.put(id, Long.parseLong(fields[11]) + Long.parseLong(fields[12])
                            + Long.parseLong(fields[13]) + Long.parseLong(fields[14]));
                } catch (IOException | RuntimeException vanished) {
                    // the process ended while the directory was read
                }
            }
        } catch (IOException e) {
            return new Snapshot(0, 0, 0, System.nanoTime());
        }
        return new Snapshot(treeTicks(pid, children, ticks), compilerTicks(),
                postgresPid == null ? 0 : treeTicks(postgresPid, children, ticks), System.nanoTime());
    }

    /** CPU time of the JVM's live JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre" in /proc). */
    private long compilerTicks() {
        long sum = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path thread : threads) {
                try {
                    String line = Files.readString(thread.resolve("stat"));
                    String name = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
                    if (name.contains("CompilerThre")) {
                        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
                        sum += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException | RuntimeException vanished) {
                    // the thread ended while the directory was read
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return sum;
    }

    private static long treeTicks(long root, Map<Long, List<Long>> children, Map<Long, Long> ticks) {
        long sum = 0;
        Deque<Long> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            long id = pending.pop();
            sum += ticks.getOrDefault(id, 0L);
            pending.addAll(children.getOrDefault(id, List.of()));
        }
        return sum;
    }

    private long memoryKb(String key) {
        try {
            return Files.readAllLines(status).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong).findFirst().orElse(0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
