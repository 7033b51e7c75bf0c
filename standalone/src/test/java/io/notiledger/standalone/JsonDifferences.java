package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** The differences between two JSON documents, one line per field: where, and what each side holds. */
final class JsonDifferences {

    private JsonDifferences() {
    }

    /** Empty when both are equal. {@code expected} is the fixture, {@code actual} what the ledger writes now. */
    static List<String> between(JsonNode expected, JsonNode actual) {
        List<String> differences = new ArrayList<>();
        compare("", expected, actual, differences);
        return differences;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String field = path.isEmpty() ? name : path + "." + name;
                if (!actual.has(name)) {
                    differences.add(field + ": in the fixture (" + expected.get(name) + "), missing from the serialised event");
                } else if (!expected.has(name)) {
                    differences.add(field + ": new in the serialised event (" + actual.get(name) + "), not in the fixture");
                } else {
                    compare(field, expected.get(name), actual.get(name), differences);
                }
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            Iterator<JsonNode> left = expected.elements();
            Iterator<JsonNode> right = actual.elements();
            for (int i = 0; left.hasNext(); i++) {
                compare(path + "[" + i + "]", left.next(), right.next(), differences);
            }
        } else if (!expected.equals(actual)) {
            differences.add(path + ": the fixture has " + expected + ", the serialised event " + actual);
        }
    }
}
