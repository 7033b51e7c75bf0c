package io.notiledger.standalone;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The production shape on one machine: command sides and query sides, each a JVM of its own started from its
 * executable jar, on the machine's PostgreSQL (a fresh schema), a Kafka broker and the MongoDB stand-in in
 * processes of their own, and an SMTP sink per command side (so that each mail says which instance sent it).
 * The services' logs go to a directory that outlives the run. Used by {@link ScaledOutLedgerTest} and
 * {@link ScaledOutThroughput}.
 */
final class ScaledOutCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(150);

    private final Path dir;
    private final Path logs;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Side> commandSides = new ArrayList<>();
    private final List<Side> querySides = new ArrayList<>();
    private final List<ServiceProcess> infrastructure = new ArrayList<>();
    private PostgresSchema database;
    private int kafkaPort;
    private int mongoPort;
    private String senderKey;

    private ScaledOutCluster(Path dir, Path logs) {
        this.dir = dir;
        this.logs = logs;
    }

    /**
     * Starts the infrastructure, then the sides (command sides named command-a, command-b..., query sides
     * query-a...), waits until all are healthy and makes a sender key of tenant {@code scaled}. On a failure
     * it stops what it started.
     */
    static ScaledOutCluster start(Path dir, Path logs, int commandSideCount, int querySideCount) throws Exception {
        ScaledOutCluster cluster = new ScaledOutCluster(dir, logs);
        try {
            cluster.startAll(commandSideCount, querySideCount);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll(int commandSideCount, int querySideCount) throws Exception {
        database = new PostgresSchema();
        kafkaPort = TestLedger.freePort();
        mongoPort = TestLedger.freePort();
        ServiceProcess kafka = started(ServiceProcess.main("kafka", InfrastructureServer.class,
                List.of("kafka", dir.resolve("kafka").toString(), Integer.toString(kafkaPort),
                        Integer.toString(TestLedger.freePort())), logs));
        ServiceProcess mongo = started(ServiceProcess.main("mongo", InfrastructureServer.class,
                List.of("mongo", Integer.toString(mongoPort)), logs));
        infrastructure.addAll(List.of(kafka, mongo));
        kafka.awaitPort(kafkaPort, START);
        mongo.awaitPort(mongoPort, START);
        // the first command side migrates the schema and stores the operator key before the others start
        commandSides.add(commandSide(name("command", 0)).awaitHealthy());
        for (int i = 1; i < commandSideCount; i++) {
            commandSides.add(commandSide(name("command", i)));
        }
        for (int i = 0; i < querySideCount; i++) {
            querySides.add(querySide(name("query", i)));
        }
        for (Side side : sides()) {
            side.awaitHealthy();
        }
        senderKey = createSenderKey();
    }

    List<Side> commandSides() {
        return commandSides;
    }

    List<Side> querySides() {
        return querySides;
    }

    /** The Kafka broker's and the MongoDB stand-in's processes. */
    List<ServiceProcess> infrastructure() {
        return infrastructure;
    }

    String senderKey() {
        return senderKey;
    }

    Path logs() {
        return logs;
    }

    /** What the side's {@code /actuator/prometheus} answers now. */
    PrometheusText scrape(Side side) throws IOException, InterruptedException {
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(side.uri("/actuator/prometheus"))
                .header("Authorization", "Bearer " + TestLedger.ADMIN_KEY).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (scrape.statusCode() != 200) {
            throw new IllegalStateException("scrape of " + side.name() + " answered " + scrape.statusCode());
        }
        return new PrometheusText(scrape.body());
    }

    /** The segments of this event processor the side holds. */
    double claimedBy(Side side, String processor) throws IOException, InterruptedException {
        return scrape(side).sum("ledger_processor_segments_claimed", "processor", processor);
    }

    @Override
    public void close() throws Exception {
        List<AutoCloseable> stopping = new ArrayList<>(running);
        Collections.reverse(stopping);
        for (AutoCloseable service : stopping) {
            service.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private List<Side> sides() {
        return Stream.concat(commandSides.stream(), querySides.stream()).toList();
    }

    private static String name(String kind, int index) {
        return kind + "-" + (char) ('a' + index);
    }

    private String createSenderKey() throws IOException, InterruptedException {
        HttpResponse<String> made = http.send(HttpRequest.newBuilder(commandSides.get(0).uri("/admin/v1/api-keys"))
                .header("Authorization", "Bearer " + TestLedger.ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\":\"scaled\",\"roles\":[\"sender\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (made.statusCode() != 201) {
            throw new IllegalStateException("making the sender key answered " + made.statusCode() + ": " + made.body());
        }
        return JSON.readTree(made.body()).get("key").asText();
    }

    /** A command side as production starts it: its jar, the environment variables its configuration reads. */
    private Side commandSide(String name) throws IOException {
        ScriptedSmtpServer smtp = new ScriptedSmtpServer(); // unscripted: accepts every mail, counts it by Message-ID
        running.add(smtp);
        int port = TestLedger.freePort();
        Map<String, String> env = new LinkedHashMap<>(shared(port));
        env.put("LEDGER_KAFKA_PARTITIONS", "4");
        env.put("LEDGER_KAFKA_REPLICATION", "1");
        env.put("LEDGER_SMTP_HOST", "127.0.0.1");
        env.put("LEDGER_SMTP_PORT", Integer.toString(smtp.port()));
        env.put("LEDGER_ADMIN_KEY", TestLedger.ADMIN_KEY);
        List<String> quicker = List.of(
                "--ledger.delivery.retry.attempt-timeout=15s",
                "--ledger.delivery.email.connect-timeout=1s", "--ledger.delivery.email.read-timeout=2s",
                "--ledger.delivery.email.send-timeout=3s",
                "--db-scheduler.polling-interval=200ms", "--db-scheduler.heartbeat-interval=2s");
        return side(name, "command-side", port, env, quicker, smtp);
    }

    /** A query side as production starts it, on the MongoDB stand-in (whose health check it cannot answer). */
    private Side querySide(String name) throws IOException {
        int port = TestLedger.freePort();
        Map<String, String> env = new LinkedHashMap<>(shared(port));
        env.put("LEDGER_MONGO_URI", "mongodb://127.0.0.1:" + mongoPort + "/notiledger");
        env.put("LEDGER_VIEW_SEGMENTS", "2");
        return side(name, "query-side", port, env, List.of("--management.health.mongo.enabled=false"), null);
    }

    private Map<String, String> shared(int port) {
        return Map.of("PORT", Integer.toString(port),
                "LEDGER_DB_URL", database.jdbcUrl(), "LEDGER_DB_USER", database.user(),
                "LEDGER_DB_PASSWORD", database.password(),
                "LEDGER_KAFKA_BOOTSTRAP", "127.0.0.1:" + kafkaPort);
    }

    private Side side(String name, String module, int port, Map<String, String> env, List<String> extra,
                      ScriptedSmtpServer smtp) throws IOException {
        List<String> args = new ArrayList<>(extra);
        // balance quickly: the tests wait for the split
        args.addAll(List.of("--ledger.processors.balancing.interval=2s",
                "--ledger.processors.balancing.instance-timeout=6s", "--ledger.processors.balancing.release-for=8s"));
        return new Side(name, port, started(ServiceProcess.jar(name, executableJar(module), env, args, logs)), smtp);
    }

    private ServiceProcess started(ServiceProcess process) throws IOException {
        running.add(process);
        return process.start();
    }

    /** The side's executable jar as {@code package} made it (the module is built before this one). */
    static Path executableJar(String module) throws IOException {
        Path target = Path.of(System.getProperty("basedir", "."), "..", module, "target").normalize();
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches(module + "-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No executable jar in " + target
                            + ": build it first (./mvnw -pl standalone -am verify builds it)"));
        }
    }

    /** A side's instance; a command side has its own SMTP sink, a query side none. */
    record Side(String name, int port, ServiceProcess process, ScriptedSmtpServer smtp) {
        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        Side awaitHealthy() throws InterruptedException {
            process.awaitHealthy(port, START);
            return this;
        }
    }
}
