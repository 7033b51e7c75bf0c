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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standalone ledger in a JVM of its own, started from the test's class path: a test can kill it as
 * {@code kill -9} would ({@link #kill()}), or stop it as a service manager would ({@link #stop()}, SIGTERM),
 * and start it again on the same data directory. Its output goes to {@code ledger-<n>.log} in the data
 * directory.
 */
final class LedgerProcess implements AutoCloseable {

    private final Path dataDir;
    private final int port = TestLedger.freePort();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Process process;
    private int starts;
    private String senderKey;

    LedgerProcess(Path dataDir) {
        this.dataDir = dataDir;
        properties.put("server.port", Integer.toString(port));
        properties.put("ledger.embedded.data-dir", dataDir.toString());
        properties.put("ledger.security.admin-key", TestLedger.ADMIN_KEY);
        properties.put("ledger.embedded.kafka.port", Integer.toString(TestLedger.freePort()));
        properties.put("ledger.embedded.kafka.controller-port", Integer.toString(TestLedger.freePort()));
        properties.put("ledger.embedded.mongo.port", Integer.toString(TestLedger.freePort()));
        properties.put("ledger.embedded.postgres.port", Integer.toString(TestLedger.freePort()));
        properties.put("ledger.kafka.topics.partitions", "3");
        properties.put("db-scheduler.polling-interval", "200ms");
    }

    LedgerProcess with(String key, String value) {
        properties.put(key, value);
        return this;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * A request to the ledger as a client application of tenant {@link TestLedger#TENANT}: with a sender key, made
     * through the operators' endpoint the first time (it is stored, so it outlives a restart).
     */
    HttpRequest.Builder request(String path) throws IOException, InterruptedException {
        if (senderKey == null) {
            HttpResponse<String> made = http.send(HttpRequest.newBuilder(uri("/admin/v1/api-keys"))
                    .header("Authorization", "Bearer " + TestLedger.ADMIN_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\":\"" + TestLedger.TENANT + "\",\"roles\":[\"sender\"]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (made.statusCode() != 201) {
                throw new IllegalStateException("No key made: " + made.statusCode() + " " + made.body());
            }
            senderKey = new ObjectMapper().readTree(made.body()).get("key").asText();
        }
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + senderKey);
    }

    /** Starts the ledger and waits until it answers on its HTTP port. */
    LedgerProcess start(Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx768m", "-XX:+UseSerialGC",
                "-cp", testClassPath(), StandaloneApplication.class.getName()));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        Path log = dataDir.resolve("ledger-" + (++starts) + ".log");
        Files.createDirectories(dataDir);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The ledger exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> health = http.send(HttpRequest.newBuilder(uri("/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The ledger did not become healthy within " + timeout + "; see " + log);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as a service manager stops a service; returns whether it exited within the timeout. */
    boolean stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive() && !stop(Duration.ofSeconds(20))) {
            kill();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire names the full test class path here; java.class.path may be only its launcher jar. */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
