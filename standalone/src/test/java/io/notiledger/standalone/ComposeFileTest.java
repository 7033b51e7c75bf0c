package io.notiledger.standalone;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs here, so the production stack in {@code docker-compose.yml} is checked for what can be
 * checked without one: the file is valid for {@code docker-compose}, every variable it sets for a side is one the
 * side reads, every image's jar exists after {@code package}, the ports of the services, their images and the
 * Prometheus targets agree, and every file it mounts exists.
 */
class ComposeFileTest {

    private static final Path TOP = Path.of(System.getProperty("basedir", "."), "..").toAbsolutePath().normalize();
    private static final Path COMPOSE = TOP.resolve("docker-compose.yml");
    private static final Pattern DEFAULT_PORT = Pattern.compile("port:\\s*\\$\\{PORT:(\\d+)}");

    @Test
    void dockerComposeFindsTheFileValid() throws Exception {
        Assumptions.assumeTrue(onPath("docker-compose"),
                "docker-compose is not installed (.ci/run installs Debian's package): the file's validity is not checked");
        ProcessBuilder check = new ProcessBuilder("docker-compose", "-f", COMPOSE.toString(), "config", "-q")
                .redirectErrorStream(true);
        check.environment().put("LEDGER_ADMIN_KEY", TestLedger.ADMIN_KEY);
        Process process = check.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("docker-compose config -q: %s", output).isZero();
    }

    @Test
    void everyVariableSetForASideIsOneTheSideReads() throws IOException {
        for (Map.Entry<String, LedgerService> service : ledgerServices().entrySet()) {
            String configuration = configurationOf(service.getValue().module());
            for (String variable : service.getValue().environment().keySet()) {
                assertThat(configuration).as("%s sets %s, which %s's configuration does not read", service.getKey(),
                        variable, service.getValue().module()).containsPattern("\\$\\{" + variable + "[:}]");
            }
        }
    }

    @Test
    void everyImagesJarExistsAfterPackage() throws IOException {
        for (LedgerService service : ledgerServices().values()) {
            List<String> copied = dockerfile(service).stream().filter(line -> line.startsWith("COPY "))
                    .map(line -> line.split("\\s+")[1]).toList();
            assertThat(copied).as("what %s's image copies", service.module()).isNotEmpty();
            for (String source : copied) {
                assertThat(TOP.resolve(source)).as("copied into %s's image (run ./mvnw -DskipTests package)", service.module())
                        .isRegularFile();
                assertThat(source).as("a jar .dockerignore lets through").matches(service.module() + "/target/" + service.module() + "-.*-exec\\.jar");
            }
        }
    }

    @Test
    void portsOfTheServicesTheirImagesAndPrometheusAgree() throws IOException {
        Map<String, Integer> portOf = new LinkedHashMap<>();
        for (Map.Entry<String, LedgerService> entry : ledgerServices().entrySet()) {
            LedgerService service = entry.getValue();
            int appDefault = defaultPort(service.module());
            List<String> dockerfile = dockerfile(service);
            assertThat(dockerfile).as("%s's Dockerfile", service.module()).contains("EXPOSE " + appDefault, "ENV PORT=" + appDefault);
            int port = service.environment().containsKey("PORT") ? Integer.parseInt(service.environment().get("PORT")) : appDefault;
            for (String mapping : service.ports()) {
                assertThat(mapping.substring(mapping.lastIndexOf(':') + 1)).as("container port of %s", entry.getKey())
                        .isEqualTo(Integer.toString(port));
            }
            portOf.put(entry.getKey(), port);
        }
        List<String> targets = prometheusTargets();
        assertThat(targets).as("Prometheus's targets: every instance of both sides, at its port")
                .containsExactlyInAnyOrderElementsOf(portOf.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList());
        assertThat(portOf.keySet()).as("two instances of each side")
                .containsExactlyInAnyOrder("command-side-1", "command-side-2", "query-side-1", "query-side-2");
    }

    @Test
    void everyFileTheStackMountsExists() {
        for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
            for (Object volume : list(service.getValue().get("volumes"))) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(TOP.resolve(source)).as("mounted into %s", service.getKey()).exists();
                }
            }
        }
    }

    private record LedgerService(String module, Map<String, String> environment, List<String> ports) {
    }

    /** The services built from a side's Dockerfile, by name. */
    private static Map<String, LedgerService> ledgerServices() {
        Map<String, LedgerService> ledger = new LinkedHashMap<>();
        services().forEach((name, service) -> {
            if (service.get("build") instanceof Map<?, ?> build && build.get("dockerfile") instanceof String dockerfile) {
                Map<String, String> environment = new LinkedHashMap<>();
                if (service.get("environment") instanceof Map<?, ?> variables) {
                    variables.forEach((key, value) -> environment.put(key.toString(), String.valueOf(value)));
                }
                List<String> ports = list(service.get("ports")).stream().map(Object::toString).toList();
                ledger.put(name, new LedgerService(dockerfile.substring(0, dockerfile.indexOf('/')), environment, ports));
            }
        });
        assertThat(ledger).as("services built from a side's Dockerfile").isNotEmpty();
        return ledger;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() {
        try {
            Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE)); // resolves anchors and merge keys
            return (Map<String, Map<String, Object>>) compose.get("services");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> prometheusTargets() throws IOException {
        Map<String, Object> prometheus = new Yaml().load(Files.readString(TOP.resolve("deploy/prometheus/prometheus.yml")));
        List<String> targets = new ArrayList<>();
        for (Object job : list(prometheus.get("scrape_configs"))) {
            Map<String, Object> scrape = (Map<String, Object>) job;
            assertThat(scrape.get("metrics_path")).isEqualTo("/actuator/prometheus");
            for (Object config : list(scrape.get("static_configs"))) {
                list(((Map<String, Object>) config).get("targets")).forEach(target -> targets.add(target.toString()));
            }
        }
        return targets;
    }

    /** Every configuration file of the side (application YAML, profiles, properties). */
    private static String configurationOf(String module) throws IOException {
        try (Stream<Path> files = Files.walk(TOP.resolve(module).resolve("src/main/resources"))) {
            return files.filter(f -> f.toString().matches(".*\\.(ya?ml|properties)$")).map(ComposeFileTest::read)
                    .collect(Collectors.joining("\n"));
        }
    }

    private static int defaultPort(String module) throws IOException {
        Matcher port = DEFAULT_PORT.matcher(configurationOf(module));
        assertThat(port.find()).as("%s reads its port from PORT", module).isTrue();
        return Integer.parseInt(port.group(1));
    }

    private static List<String> dockerfile(LedgerService service) throws IOException {
        return Files.readAllLines(TOP.resolve(service.module()).resolve("Dockerfile")).stream().map(String::strip).toList();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
