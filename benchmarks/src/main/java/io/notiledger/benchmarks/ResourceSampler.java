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
 * Samples a process's CPU and memory from /proc (Linux) twice a second: CPU as cores in use (2.0 = both
 * cores of a 2-core machine busy), memory as resident set size, its peak as the kernel's high-water mark.
 * <p>
 * CPU counts the process and every process below it, including children that ended and were reaped
 * meanwhile, plus the trees of the companion processes named (the embedded PostgreSQL server runs
 * detached from the JVM that started it, its backends below it). Memory is the JVM's own.
 */
final class ResourceSampler implements AutoCloseable {

    private static final double CLOCK_TICKS_PER_SECOND = 100.0;
    private static final long SAMPLE_MILLIS = 500;

    private final long pid;
    private final List<Long> companions;
    private final Path stat;
    private final Path status;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    private final long startTicks;
    private final long startNanos = System.nanoTime();
    private long lastTicks;
    private long lastNanos = startNanos;
    private volatile double peakCores;
    private volatile long peakRssKb;

    ResourceSampler(long pid, List<Long> companions) {
        this.pid = pid;
        this.companions = List.copyOf(companions);
        this.stat = Path.of("/proc", Long.toString(pid), "stat");
        this.status = Path.of("/proc", Long.toString(pid), "status");
        this.startTicks = cpuTicks();
        this.lastTicks = startTicks;
        sampler.scheduleAtFixedRate(this::sample, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    boolean available() {
        return Files.isReadable(stat);
    }

    private synchronized void sample() {
        long ticks = cpuTicks();
        long now = System.nanoTime();
        double cores = (ticks - lastTicks) / CLOCK_TICKS_PER_SECOND / ((now - lastNanos) / 1e9);
        peakCores = Math.max(peakCores, cores);
        peakRssKb = Math.max(peakRssKb, Math.max(memoryKb("VmRSS:"), memoryKb("VmHWM:")));
        lastTicks = ticks;
        lastNanos = now;
    }

    double averageCores() {
        return (cpuTicks() - startTicks) / CLOCK_TICKS_PER_SECOND / ((System.nanoTime() - startNanos) / 1e9);
    }

    double peakCores() {
        return peakCores;
    }

    double peakRssMb() {
        return Math.max(peakRssKb, memoryKb("VmHWM:")) / 1024.0;
    }

    /** CPU time used since this sampler started, in milliseconds, by the process and its descendants. */
    long cpuMillis() {
        return Math.round((cpuTicks() - startTicks) * 1000 / CLOCK_TICKS_PER_SECOND);
    }

    /**
     * utime + stime + cutime + cstime (fields 14 to 17 of /proc/PID/stat) summed over the process and its
     * descendants, and over the companions and theirs. A child's own time moves into its parent's cutime/cstime when it is reaped, so nothing is
     * counted twice and nothing is lost when a backend ends.
     */
    private long cpuTicks() {
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
            return 0;
        }
        long sum = 0;
        Deque<Long> pending = new ArrayDeque<>(companions);
        pending.push(pid);
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
