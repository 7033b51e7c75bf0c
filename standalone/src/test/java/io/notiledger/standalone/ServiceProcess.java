package io.notiledger.standalone;

import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service of the ledger in a JVM of its own (a side's executable jar, or an {@link InfrastructureServer}),
 * with its environment and arguments, its output in a log file; stopped with SIGTERM or killed with SIGKILL.
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    private ServiceProcess(String name, List<String> command, Map<String, String> environment, Path logDir) {
        this.name = name;
        this.command = command;
        this.environment = environment;
        this.log = logDir.resolve(name + ".log");
    }

    /** A side from its executable jar. */
    static ServiceProcess jar(String name, Path jar, Map<String, String> environment, List<String> arguments, Path logDir) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString()));
        command.addAll(arguments);
        return new ServiceProcess(name, command, environment, logDir);
    }

    /** A class of the test's class path. */
    static ServiceProcess main(String name, Class<?> main, List<String> arguments, Path logDir) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx384m", "-XX:+UseSerialGC", "-cp", testClassPath(),
                main.getName()));
        command.addAll(arguments);
        return new ServiceProcess(name, command, Map.of(), logDir);
    }

    ServiceProcess start() throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        process = builder.start();
        return this;
    }

    /** Waits until something listens on the port. */
    ServiceProcess awaitPort(int port, Duration timeout) throws InterruptedException {
        await(timeout, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
        return this;
    }

    /** Waits until {@code /actuator/health} on the port answers 200. */
    ServiceProcess awaitHealthy(int port, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        await(timeout, () -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        return this;
    }

    private void await(Duration timeout, java.util.function.BooleanSupplier ready) {
        Awaitility.await(name + " ready (see " + log + ")").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
                    }
                    return ready.getAsBoolean();
                });
    }

    String name() {
        return name;
    }

    /** The CPU time the process has used so far (user + system: utime + stime of {@code /proc/<pid>/stat}). */
    Duration cpuTime() {
        return process.info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("no CPU time for " + name + " from the OS"));
    }

    /** SIGKILL, as {@code kill -9}. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire names the full test class path here; java.class.path may be only its launcher jar. */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
