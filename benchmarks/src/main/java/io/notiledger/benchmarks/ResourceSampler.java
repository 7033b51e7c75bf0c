package io.notiledger.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples a process's CPU and memory from /proc (Linux) twice a second: CPU as cores in use (2.0 = both
 * cores of a 2-core machine busy), memory as resident set size, its peak as the kernel's high-water mark.
 */
final class ResourceSampler implements AutoCloseable {

    private static final double CLOCK_TICKS_PER_SECOND = 100.0;
    private static final long SAMPLE_MILLIS = 500;

    private final Path stat;
    private final Path status;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    private final long startTicks;
    private final long startNanos = System.nanoTime();
    private long lastTicks;
    private long lastNanos = startNanos;
    private volatile double peakCores;
    private volatile long peakRssKb;

    ResourceSampler(long pid) {
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

    /** utime + stime of the process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    private long cpuTicks() {
        try {
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
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
