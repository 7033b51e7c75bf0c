package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/** A contract document (OpenAPI, AsyncAPI) with every local {@code $ref} replaced by what it points to. */
final class JsonReferences {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonReferences() {
    }

    /** The contracts' schemas hold no cycles, so the resolved document is finite. */
    static JsonNode resolved(JsonNode document) {
        return resolve(document, document);
    }

    private static JsonNode resolve(JsonNode node, JsonNode document) {
        if (node.isObject() && node.has("$ref") && node.get("$ref").asText().startsWith("#/")) {
            String pointer = node.get("$ref").asText().substring(1);
            JsonNode target = document.at(pointer);
            if (target.isMissingNode()) {
                throw new IllegalArgumentException("Nothing at " + node.get("$ref"));
            }
            return resolve(target, document);
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), resolve(field.getValue(), document));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(resolve(element, document)));
            return copy;
        }
        return node;
    }
}
