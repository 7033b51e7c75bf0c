package io.notiledger.benchmarks;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one benchmark run does.
 *
 * @param url         a running ledger to load, or null to start the standalone ledger as a process of its own
 * @param kafka       the ledger's Kafka bootstrap servers, for the publish-lag probe (null: no probe)
 * @param ledgerPid   the running ledger's process id, for its CPU and memory figures (null: none)
 * @param postgresPid the running ledger's PostgreSQL server (its postmaster), whose CPU counts as the ledger's
 * @param ledgerJar   the standalone ledger's executable jar, started when no url is given
 * @param apiKey      sent as {@code Authorization: Bearer} with every request when not null
 * @param operatorKey read the ledger's meters with it (an operator key) when not null
 * @param rate        requests per second to offer (open model), or 0 for as fast as the clients go
 * @param concurrency requests in flight at most (clients in the closed model)
 * @param warmup      load sent before measuring starts, to warm the JIT and the pools
 * @param duration    how long the measured load lasts
 * @param drain       how long to wait after the load for every notification to be SENT
 * @param sampleEvery every how many-th notification is polled for when SENT becomes visible
 * @param out         where the JSON figures go
 */
record BenchmarkOptions(String url, String kafka, Long ledgerPid, Long postgresPid, Path ledgerJar, String apiKey, String operatorKey, double rate, int concurrency, Duration warmup,
                        Duration duration, Duration drain, int sampleEvery, Path out) {

    static final String USAGE = """
            usage: benchmark [--quick] [--url http://host:8080 --kafka host:9092 [--pid PID] [--postgres-pid PID]]
                             [--ledger-jar standalone/target/standalone-*-exec.jar] [--api-key KEY] [--operator-key KEY]
                             [--rate N | --saturate] [--concurrency N] [--warmup 10s] [--duration 60s]
                             [--drain 120s] [--sample-every 10] [--out target/benchmark.json]
              --quick      a few seconds at 50 requests/s: checks the benchmark works (used by the tests)
              --saturate   as fast as the clients go (default when no --rate is given)
              --api-key    a sender key, sent as a bearer token with the load and the status probe (default:
                           $LEDGER_API_KEY; a ledger the benchmark starts gets a random LEDGER_ADMIN_KEY, with
                           which the benchmark makes a sender key of tenant 'benchmark' unless this is given)
              --operator-key  an operator key for reading a running ledger's meters (default: $LEDGER_ADMIN_KEY)
            """;

    static BenchmarkOptions parse(String... args) {
        String url = null;
        String kafka = null;
        Long pid = null;
        Long postgresPid = null;
        Path ledgerJar = null;
        String apiKey = blankToNull(System.getenv("LEDGER_API_KEY"));
        String operatorKey = blankToNull(System.getenv("LEDGER_ADMIN_KEY"));
        double rate = 0;
        int concurrency = 32;
        Duration warmup = Duration.ofSeconds(10);
        Duration duration = Duration.ofSeconds(60);
        Duration drain = Duration.ofSeconds(120);
        int sampleEvery = 10;
        Path out = Path.of("target", "benchmark.json");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> {
                    rate = 50;
                    concurrency = 8;
                    warmup = Duration.ofSeconds(1);
                    duration = Duration.ofSeconds(3);
                    drain = Duration.ofSeconds(60);
                    sampleEvery = 1;
                }
                case "--url" -> url = args[++i];
                case "--kafka" -> kafka = args[++i];
                case "--pid" -> pid = Long.parseLong(args[++i]);
                case "--postgres-pid" -> postgresPid = Long.parseLong(args[++i]);
                case "--ledger-jar" -> ledgerJar = Path.of(args[++i]);
                case "--api-key" -> apiKey = blankToNull(args[++i]);
                case "--operator-key" -> operatorKey = blankToNull(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--saturate" -> rate = 0;
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = duration(args[++i]);
                case "--duration" -> duration = duration(args[++i]);
                case "--drain" -> drain = duration(args[++i]);
                case "--sample-every" -> sampleEvery = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        if (concurrency < 1 || sampleEvery < 1 || rate < 0) {
            throw new IllegalArgumentException("concurrency and sample-every must be positive, rate not negative\n" + USAGE);
        }
        return new BenchmarkOptions(url, kafka, pid, postgresPid, ledgerJar, apiKey, operatorKey, rate, concurrency, warmup, duration, drain, sampleEvery, out);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** "90s", "2m", "500ms" or a plain number of seconds. */
    static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        if (text.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        if (text.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(text));
    }

    String describeLoad() {
        return (rate > 0 ? String.format("%.0f requests/s offered", rate) : "saturation") + ", " + concurrency
                + " in flight at most, " + duration.toSeconds() + " s measured after " + warmup.toSeconds() + " s warm-up";
    }
}
