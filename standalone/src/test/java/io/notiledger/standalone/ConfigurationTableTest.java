package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's table of {@code ledger.*} properties against the properties that exist: the metadata that
 * spring-boot-configuration-processor writes for every {@code @ConfigurationProperties} record of every module on
 * the standalone's class path. A property added, renamed or removed without the README fails here.
 */
class ConfigurationTableTest {

    private static final Path README = Path.of("../README.md");
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(ledger\\.[a-z0-9.-]+)` \\|");

    @Test
    void readmeTableNamesEveryLedgerPropertyAndNoOther() throws IOException {
        Set<String> declared = declaredProperties();
        Set<String> documented = documentedProperties();

        Set<String> undocumented = new TreeSet<>(declared);
        undocumented.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(declared);
        assertThat(undocumented).as("ledger.* properties missing from README.md's configuration table").isEmpty();
        assertThat(unknown).as("README.md's configuration table names properties that do not exist").isEmpty();
    }

    /** Guards the comparison itself: every module with tunables contributes its metadata. */
    @Test
    void everyModuleWithTunablesHasMetadata() throws IOException {
        assertThat(declaredProperties()).contains(
                "ledger.security.admin-key",                         // access
                "ledger.http.limits.max-body-size",                  // web-support
                "ledger.command.processors.delivery.threads",        // command-side
                "ledger.projections.batch-size",                     // projections
                "ledger.api.query-timeout",                          // query-side
                "ledger.metrics.max-tenants",                        // operations
                "ledger.embedded.data-dir");                         // standalone
    }

    private static Set<String> declaredProperties() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Set<String> names = new TreeSet<>();
        List<URL> files = Collections.list(ConfigurationTableTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"));
        for (URL file : files) {
            try (InputStream in = file.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = property.path("name").asText();
                    if (name.startsWith("ledger.")) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    private static Set<String> documentedProperties() throws IOException {
        List<String> section = configurationSection(Files.readAllLines(README));
        Set<String> names = new TreeSet<>();
        for (String line : section) {
            Matcher row = TABLE_ROW.matcher(line);
            if (row.find()) {
                names.add(row.group(1));
            }
        }
        assertThat(names).as("rows of README.md's ledger.* table").isNotEmpty();
        return names;
    }

    private static List<String> configurationSection(List<String> readme) {
        List<String> section = new ArrayList<>();
        boolean inside = false;
        for (String line : readme) {
            if (line.startsWith("## ")) {
                inside = line.equals("## Configuration");
            } else if (inside) {
                section.add(line);
            }
        }
        return section;
    }
}
