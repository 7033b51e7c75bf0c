package io.notiledger.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one-command benchmark: loads the ledger over its HTTP API, waits until every accepted
 * notification is SENT, and reports throughput, latencies, lags, errors, what is unaccounted for, and
 * the ledger process's CPU and memory. Speed is reported, never judged: the exit code only says whether
 * every notification was accounted for.
 */
public final class LedgerBenchmark {

    private LedgerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        BenchmarkReport report = run(options);
        // the report is this command's output
        System.out.println(report.table());
        report.writeJson(options.out());
        System.out.println("figures written to " + options.out().toAbsolutePath());
        System.exit(report.unaccounted() == 0 ? 0 : 1);
    }

    static BenchmarkReport run(BenchmarkOptions options) throws Exception {
        try (LedgerTarget target = LedgerTarget.open(options)) {
            BearerKey key = new BearerKey(target.apiKey().orElse(null));
            LoadGenerator load = new LoadGenerator(target.baseUrl(), key);
            LedgerMeters meters = new LedgerMeters(load.http(), target.baseUrl(),
                    new BearerKey(target.operatorKey().or(target::apiKey).orElse(null)));
            Optional<ResourceSampler> resources = target.pid().map(pid -> new ResourceSampler(pid, target.postgresPid().orElse(null)));
            Optional<EventTopicProbe> topic = target.kafka().map(EventTopicProbe::new);
            try (StatusProbe statuses = new StatusProbe(load.http(), target.baseUrl(), key)) {
                load.run(options, options.warmup(), false, accepted -> { });
                // the warm-up is delivered before the window opens: its work (and the JIT's first minute) stays outside
                awaitSent(options, ids(load), statuses);
                Window window = Window.open(resources, meters, target, statuses);
                AtomicLong measured = new AtomicLong();
                load.run(options, options.duration(), true, accepted -> {
                    if (measured.getAndIncrement() % options.sampleEvery() == 0) {
                        statuses.watch(accepted.id(), accepted.dueAtMillis());
                    }
                });
                awaitSent(options, ids(load), statuses);
                Window.Closed closed = window.close();
                Map<String, JsonNode> sent = account(load, statuses);
                return report(options, target, load, statuses, topic, resources, sent, closed);
            } finally {
                resources.ifPresent(ResourceSampler::close);
                if (topic.isPresent()) {
                    topic.get().close();
                }
            }
        }
    }

    private static List<String> ids(LoadGenerator load) {
        return load.accepted().stream().map(LoadGenerator.Accepted::id).toList();
    }

    /**
     * Waits (up to the drain time) until every notification accepted so far shows SENT. It checks them in the
     * order they were accepted and stops a round at the first one not yet SENT, so that waiting costs the
     * ledger a handful of reads a second, not one per notification.
     */
    private static void awaitSent(BenchmarkOptions options, List<String> ids, StatusProbe statuses) throws Exception {
        long deadline = System.nanoTime() + options.drain().toNanos();
        int next = 0;
        while (next < ids.size() && System.nanoTime() < deadline) {
            Optional<JsonNode> status = statuses.fetch(ids.get(next)).get();
            if (status.isPresent() && "SENT".equals(status.get().path("status").asText())) {
                next++;
            } else {
                LockSupport.parkNanos(200_000_000L);
            }
        }
    }

    /** After the window: a full pass accounts for every notification, warm-up included. */
    private static Map<String, JsonNode> account(LoadGenerator load, StatusProbe statuses) throws Exception {
        Map<String, JsonNode> sent = new HashMap<>();
        statuses.fetchAll(ids(load), 16).forEach((id, status) -> {
            if ("SENT".equals(status.path("status").asText())) {
                sent.put(id, status);
            }
        });
        long waitForSamples = System.nanoTime() + 5_000_000_000L;
        while (statuses.stillWatched() > 0 && System.nanoTime() < waitForSamples) {
            LockSupport.parkNanos(50_000_000L);
        }
        return sent;
    }

    private static BenchmarkReport report(BenchmarkOptions options, LedgerTarget target, LoadGenerator load,
                                          StatusProbe statuses, Optional<EventTopicProbe> topic,
                                          Optional<ResourceSampler> resources, Map<String, JsonNode> sent,
                                          Window.Closed window) {
        List<LoadGenerator.Accepted> measured = load.accepted().stream().filter(LoadGenerator.Accepted::measured).toList();
        long[] acceptMicros = measured.stream().mapToLong(LoadGenerator.Accepted::latencyMicros).toArray();
        List<Long> toSent = new ArrayList<>();
        List<Long> projection = new ArrayList<>();
        List<Long> sentTimes = new ArrayList<>();
        for (LoadGenerator.Accepted accepted : measured) {
            JsonNode status = sent.get(accepted.id());
            if (status == null) {
                continue;
            }
            Instant sentAt = StatusProbe.instant(status.path("transitions"), "SENT");
            if (sentAt != null) {
                sentTimes.add(sentAt.toEpochMilli());
                toSent.add(Math.max(0, sentAt.toEpochMilli() - accepted.dueAtMillis()) * 1000);
            }
            Instant projectedAt = StatusProbe.instant(status, "projectedAt");
            Long onKafka = topic.map(t -> t.sentOnKafkaAt(accepted.id())).orElse(null);
            if (projectedAt != null && onKafka != null) {
                projection.add(Math.max(0, projectedAt.toEpochMilli() - onKafka) * 1000);
            }
        }
        double deliveredPerSecond = 0;
        if (sentTimes.size() > 1) {
            long first = sentTimes.stream().min(Long::compare).orElseThrow();
            long last = sentTimes.stream().max(Long::compare).orElseThrow();
            deliveredPerSecond = last > first ? sentTimes.size() / ((last - first) / 1000.0) : sentTimes.size();
        }
        long all = load.accepted().size();
        Long duplicates = null;
        Long missing = null;
        Optional<Map<String, Integer>> mails = target.mailsPerNotification();
        if (mails.isPresent()) {
            duplicates = mails.get().values().stream().filter(count -> count > 1).count();
            missing = sent.keySet().stream().filter(id -> !mails.get().containsKey(id)).count();
        }
        return new BenchmarkReport(target.description(), options.describeLoad(), System.getenv("BENCH_COMMIT"),
                measured.size(), measured.size() / (double) options.duration().toSeconds(),
                Percentiles.of(acceptMicros),
                Percentiles.of(statuses.visibleLatenciesMicros()),
                Percentiles.of(toSent.stream().mapToLong(Long::longValue).toArray()),
                deliveredPerSecond,
                Percentiles.of(topic.map(EventTopicProbe::publishLagMicros).orElse(new long[0])),
                Percentiles.of(projection.stream().mapToLong(Long::longValue).toArray()),
                load.errors(), all, all - sent.size(), duplicates, missing,
                resources.map(ResourceSampler::peakRssMb).orElse(null),
                resources.map(ResourceSampler::peakCores).orElse(null),
                window.perNotification(measured.size()));
    }
}
