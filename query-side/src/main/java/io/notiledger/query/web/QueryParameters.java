package io.notiledger.query.web;

import io.notiledger.access.Caller;
import org.springframework.util.MultiValueMap;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a search's query parameters strictly: a parameter the endpoint does not know (a misspelt filter would
 * otherwise widen an audit query to everything) or a filter given twice is refused, and each value is checked.
 * Every refusal names the parameter ({@link BadQueryParameterException}).
 */
final class QueryParameters {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]+");

    private final MultiValueMap<String, String> parameters;

    QueryParameters(MultiValueMap<String, String> parameters, Set<String> known, Set<String> repeatable) {
        this.parameters = parameters;
        for (var parameter : parameters.entrySet()) {
            if (!known.contains(parameter.getKey())) {
                throw new BadQueryParameterException(parameter.getKey(), "is not a parameter of this endpoint; known: " + new TreeSet<>(known));
            }
            if (parameter.getValue().size() > 1 && !repeatable.contains(parameter.getKey())) {
                throw new BadQueryParameterException(parameter.getKey(), "may be given once");
            }
        }
    }

    /** A text of printable ASCII, at most {@code maxLength} characters; null when absent. */
    String text(String name, int maxLength) {
        String value = parameters.getFirst(name);
        if (value == null) {
            return null;
        }
        if (value.isEmpty() || value.length() > maxLength || !PRINTABLE.matcher(value).matches()) {
            throw new BadQueryParameterException(name, "must be 1-" + maxLength + " printable ASCII characters");
        }
        return value;
    }

    List<String> texts(String name) {
        List<String> values = parameters.get(name);
        return values == null ? List.of() : values;
    }

    <E extends Enum<E>> E constant(String name, Class<E> type) {
        String value = parameters.getFirst(name);
        if (value == null) {
            return null;
        }
        return Arrays.stream(type.getEnumConstants()).filter(constant -> constant.name().equals(value)).findFirst()
                .orElseThrow(() -> new BadQueryParameterException(name, "must be one of " + Arrays.toString(type.getEnumConstants())));
    }

    String oneOf(String name, Set<String> values) {
        String value = parameters.getFirst(name);
        if (value != null && !values.contains(value)) {
            throw new BadQueryParameterException(name, "must be one of " + new TreeSet<>(values));
        }
        return value;
    }

    /** An RFC 3339 instant with an offset ({@code 2026-03-01T09:00:00Z}). */
    Instant instant(String name) {
        String value = parameters.getFirst(name);
        return value == null ? null : instant(name, value);
    }

    static Instant instant(String name, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadQueryParameterException(name, "must be an RFC 3339 instant with an offset, like 2026-03-01T09:00:00Z");
        }
    }

    /** Refuses a range whose start is after its end. */
    static void range(String fromName, Instant from, String toName, Instant to) {
        if (from != null && to != null && from.isAfter(to)) {
            throw new BadQueryParameterException(fromName, "must not be after " + toName);
        }
    }

    int limit() {
        String value = parameters.getFirst("limit");
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadQueryParameterException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadQueryParameterException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        return limit;
    }

    /**
     * The tenant a search covers: the key's own, or for an operator the one named in {@code tenant} (null, every
     * tenant, when none is named). A key of a tenant may name only its own.
     */
    String tenant(Caller caller) {
        String named = parameters.getFirst("tenant");
        if (named != null && !TENANT.matcher(named).matches()) {
            throw new BadQueryParameterException("tenant", "must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (caller.isOperator()) {
            return named;
        }
        if (named != null && !named.equals(caller.tenant())) {
            throw new BadQueryParameterException("tenant", "may name only the key's own tenant; operators' keys may name any");
        }
        return caller.tenant();
    }
}
