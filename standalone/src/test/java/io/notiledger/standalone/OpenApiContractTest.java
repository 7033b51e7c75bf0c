package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented contract (api-spec's openapi.yaml) and the running service (springdoc's /v3/api-docs)
 * offer the same operations: an endpoint added, removed or renamed on one side only fails this test.
 */
@ExtendWith(SharedLedger.class)
class OpenApiContractTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @Test
    void documentedAndServedOperationsAreTheSame(TestLedger ledger) throws IOException {
        JsonNode served = ledger.http().get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(servedOperations(served)).isNotEmpty().isEqualTo(documentedOperations());
    }

    /** Swagger UI offers "Authorize" for a bearer key because the served document asks for one on every call. */
    @Test
    void servedDocumentAsksForABearerKey(TestLedger ledger) {
        JsonNode served = ledger.http(null).get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        JsonNode scheme = served.path("components").path("securitySchemes").path("apiKey");
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        assertThat(served.path("security").toString()).contains("apiKey");
    }

    private static Set<String> documentedOperations() throws IOException {
        try (InputStream yaml = OpenApiContractTest.class.getResourceAsStream("/openapi.yaml")) {
            assertThat(yaml).as("openapi.yaml on the classpath (api-spec)").isNotNull();
            Map<String, Map<String, Object>> paths = new Yaml().<Map<String, Map<String, Map<String, Object>>>>load(yaml).get("paths");
            Set<String> operations = new TreeSet<>();
            paths.forEach((path, item) -> item.keySet().stream().filter(METHODS::contains)
                    .forEach(method -> operations.add(method.toUpperCase() + " " + path)));
            return operations;
        }
    }

    /** The ledger's own API and operator tools; the dev mailbox of the embedded SMTP sink is not part of the contract. */
    private static Set<String> servedOperations(JsonNode apiDocs) {
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = apiDocs.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/v1/") && !path.getKey().startsWith("/admin/v1/")) {
                continue;
            }
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (METHODS.contains(method)) {
                    operations.add(method.toUpperCase() + " " + path.getKey());
                }
            });
        }
        return operations;
    }
}
