package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented contract (api-spec's openapi.yaml) and the running service agree on what each operation takes
 * and answers: parameters, request body and success response, field by field (names, types and formats, enums,
 * array items and map values).
 * <p>
 * The served side is springdoc's {@code /v3/api-docs}, which springdoc derives from the controllers' own
 * signatures and the Java records they read and write, as Jackson sees them: a field renamed, retyped or added
 * in a record fails here. It knows nothing of what our validator requires or of the status codes the controllers
 * set, so {@code required}, {@code nullable}, limits and status codes are checked against real answers instead
 * ({@link OpenApiResponsesTest}).
 */
@ExtendWith(SharedLedger.class)
class OpenApiSchemaContractTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    /**
     * Formats that narrow a text the service reads as a plain String (an id that must be a UUID): like a pattern,
     * they are the document's to add. A format from a Java type (int32, int64, date-time) must be the same on both.
     */
    private static final Set<String> TEXT_CONSTRAINTS = Set.of("uuid", "uri", "email");
    private static JsonNode documented;

    @BeforeAll
    static void loadDocument() throws IOException {
        try (InputStream yaml = OpenApiSchemaContractTest.class.getResourceAsStream("/openapi.yaml")) {
            assertThat(yaml).as("openapi.yaml on the classpath (api-spec)").isNotNull();
            documented = JsonReferences.resolved(new ObjectMapper(new YAMLFactory()).readTree(yaml));
        }
    }

    @Test
    void everyOperationTakesAndAnswersWhatTheDocumentSays(TestLedger ledger) {
        LedgerClient client = new LedgerClient(ledger.http());
        JsonNode served = JsonReferences.resolved(client.http().get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody());
        List<String> differences = new ArrayList<>();

        for (Iterator<Map.Entry<String, JsonNode>> paths = documented.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                String name = operation.getKey().toUpperCase() + " " + path.getKey();
                JsonNode servedOperation = served.path("paths").path(path.getKey()).path(operation.getKey());
                if (servedOperation.isMissingNode()) {
                    differences.add(name + ": not served");
                    continue;
                }
                compareParameters(name, operation.getValue(), servedOperation, differences);
                compare(name + " request body", jsonSchema(operation.getValue().path("requestBody")),
                        jsonSchema(servedOperation.path("requestBody")), differences);
                compare(name + " answer", successSchema(operation.getValue()), successSchema(servedOperation), differences);
            }
        }

        assertThat(differences).as("openapi.yaml against /v3/api-docs").isEmpty();
    }

    private static void compareParameters(String operation, JsonNode documented, JsonNode served, List<String> differences) {
        Map<String, JsonNode> documentedParameters = parameters(documented);
        Map<String, JsonNode> servedParameters = parameters(served);
        Set<String> names = new TreeSet<>(documentedParameters.keySet());
        names.addAll(servedParameters.keySet());
        for (String name : names) {
            JsonNode documentedParameter = documentedParameters.get(name);
            JsonNode servedParameter = servedParameters.get(name);
            if (documentedParameter == null || servedParameter == null) {
                differences.add(operation + " parameter " + name + ": " + (documentedParameter == null ? "served, not documented" : "documented, not served"));
                continue;
            }
            if (documentedParameter.path("required").asBoolean() != servedParameter.path("required").asBoolean()) {
                differences.add(operation + " parameter " + name + ": required documented " + documentedParameter.path("required").asBoolean()
                        + ", served " + servedParameter.path("required").asBoolean());
            }
            compare(operation + " parameter " + name, documentedParameter.path("schema"), servedParameter.path("schema"), differences);
        }
    }

    /** By "in:name", e.g. "header:Idempotency-Key". */
    private static Map<String, JsonNode> parameters(JsonNode operation) {
        Map<String, JsonNode> parameters = new TreeMap<>();
        operation.path("parameters").forEach(parameter ->
                parameters.put(parameter.path("in").asText() + ":" + parameter.path("name").asText(), parameter));
        return parameters;
    }

    /** The JSON body's schema of the first 2xx answer (springdoc says 200 for every success; the status is not compared). */
    private static JsonNode successSchema(JsonNode operation) {
        for (Iterator<Map.Entry<String, JsonNode>> responses = operation.path("responses").fields(); responses.hasNext(); ) {
            Map.Entry<String, JsonNode> response = responses.next();
            if (response.getKey().startsWith("2")) {
                return jsonSchema(response.getValue());
            }
        }
        return MissingNode.getInstance();
    }

    private static JsonNode jsonSchema(JsonNode bodyOrResponse) {
        JsonNode content = bodyOrResponse.path("content");
        JsonNode json = content.path("application/json");
        return json.isMissingNode() && content.size() == 1 ? content.elements().next().path("schema") : json.path("schema");
    }

    /** Names, types, formats and enums, recursively; {@code required}, limits and descriptions are not springdoc's to know. */
    private static void compare(String where, JsonNode documented, JsonNode served, List<String> differences) {
        if (documented.isMissingNode() || served.isMissingNode()) {
            if (documented.isMissingNode() != served.isMissingNode()) {
                differences.add(where + ": " + (documented.isMissingNode() ? "served, not documented" : "documented, not served"));
            }
            return;
        }
        for (String keyword : List.of("type", "format")) {
            String documentedValue = documented.path(keyword).asText(null);
            String servedValue = served.path(keyword).asText(null);
            boolean narrowedText = keyword.equals("format") && servedValue == null && documentedValue != null
                    && TEXT_CONSTRAINTS.contains(documentedValue);
            if (!Objects.equals(documentedValue, servedValue) && !narrowedText) {
                differences.add(where + ": " + keyword + " documented " + documentedValue + ", served " + servedValue);
            }
        }
        if (!texts(documented.path("enum")).equals(texts(served.path("enum")))) {
            differences.add(where + ": enum documented " + texts(documented.path("enum")) + ", served " + texts(served.path("enum")));
        }
        Set<String> properties = new TreeSet<>();
        documented.path("properties").fieldNames().forEachRemaining(properties::add);
        served.path("properties").fieldNames().forEachRemaining(properties::add);
        for (String property : properties) {
            compare(where + "." + property, documented.path("properties").path(property),
                    served.path("properties").path(property), differences);
        }
        if (documented.has("items") || served.has("items")) {
            compare(where + "[]", documented.path("items"), served.path("items"), differences);
        }
        JsonNode documentedValues = documented.path("additionalProperties");
        JsonNode servedValues = served.path("additionalProperties");
        if (documentedValues.isObject() && servedValues.isObject()) {
            compare(where + "{}", documentedValues, servedValues, differences);
        }
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new TreeSet<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }
}
