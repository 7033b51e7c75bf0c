package io.notiledger.projections.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code details} of one audit entry, in the order they are added. A field without a value is left
 * out; enums, instants and durations are stored as their ISO-8601 / constant names, as the views' JSON
 * shows them.
 */
final class AuditDetails {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    AuditDetails with(String name, Object value) {
        if (value != null) {
            fields.put(name, stored(value));
        }
        return this;
    }

    Map<String, Object> asMap() {
        return fields;
    }

    private static Object stored(Object value) {
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        if (value instanceof Instant || value instanceof Duration) {
            return value.toString();
        }
        return value;
    }
}
