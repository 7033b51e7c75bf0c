package io.notiledger.projections;

import org.bson.Document;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Folds two MongoDB updates of one document, meant to be applied one after the other, into one update with the
 * same result, so that a batch writes each document once. It folds {@code $set}, {@code $unset},
 * {@code $setOnInsert} and {@code $inc}: the later value of a field wins, an unset removes an earlier set,
 * increments add up, and the later update's {@code $setOnInsert} is dropped (after the earlier upsert the document
 * exists; without upserts it does nothing). What it cannot fold so that the result stays the same (another operator,
 * a field set and incremented, a field and one of its sub-fields, an update followed by an upsert) it refuses, and
 * the two stay separate writes.
 */
final class UpdateFold {

    private static final String SET = "$set";
    private static final String UNSET = "$unset";
    private static final String SET_ON_INSERT = "$setOnInsert";
    private static final String INC = "$inc";
    private static final Set<String> FOLDABLE = Set.of(SET, UNSET, SET_ON_INSERT, INC);

    private UpdateFold() {
    }

    /** The update that does what {@code earlier} then {@code later} do, or empty if there is none this class can make. */
    static Optional<Document> fold(Document earlier, boolean earlierUpserts, Document later, boolean laterUpserts) {
        if (laterUpserts && !earlierUpserts || !foldable(earlier) || !foldable(later)) {
            return Optional.empty();
        }
        Map<String, Map<String, Object>> folded = new LinkedHashMap<>();
        for (String operator : FOLDABLE) {
            folded.put(operator, new LinkedHashMap<>(fields(earlier, operator)));
        }
        for (Map.Entry<String, Object> set : fields(later, SET).entrySet()) {
            if (!replaces(folded, set.getKey())) {
                return Optional.empty();
            }
            folded.get(SET).put(set.getKey(), set.getValue());
        }
        for (String unset : fields(later, UNSET).keySet()) {
            if (!replaces(folded, unset)) {
                return Optional.empty();
            }
            folded.get(UNSET).put(unset, "");
        }
        for (Map.Entry<String, Object> inc : fields(later, INC).entrySet()) {
            String field = inc.getKey();
            if (conflicts(folded, field) || folded.get(SET).containsKey(field) || folded.get(UNSET).containsKey(field)
                    || folded.get(SET_ON_INSERT).containsKey(field)) {
                return Optional.empty();
            }
            Object sum = add(folded.get(INC).get(field), inc.getValue());
            if (sum == null) {
                return Optional.empty();
            }
            folded.get(INC).put(field, sum);
        }
        Document update = new Document();
        folded.forEach((operator, fields) -> {
            if (!fields.isEmpty()) {
                update.put(operator, new Document(fields));
            }
        });
        return Optional.of(update);
    }

    /** Makes room for a later set or unset of this field: false if the field is incremented or nests with another. */
    private static boolean replaces(Map<String, Map<String, Object>> folded, String field) {
        if (conflicts(folded, field) || folded.get(INC).containsKey(field)) {
            return false;
        }
        folded.get(SET).remove(field);
        folded.get(UNSET).remove(field);
        folded.get(SET_ON_INSERT).remove(field);
        return true;
    }

    /** Whether a field the update names already is a parent or a child of this one (MongoDB refuses both in one update). */
    private static boolean conflicts(Map<String, Map<String, Object>> folded, String field) {
        for (Map<String, Object> fields : folded.values()) {
            for (String other : fields.keySet()) {
                if (other.startsWith(field + ".") || field.startsWith(other + ".")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean foldable(Document update) {
        return update.keySet().stream().allMatch(FOLDABLE::contains)
                && update.values().stream().allMatch(Document.class::isInstance);
    }

    private static Map<String, Object> fields(Document update, String operator) {
        Object fields = update.get(operator);
        return fields == null ? Map.of() : (Document) fields;
    }

    private static Object add(Object earlier, Object later) {
        if (earlier == null) {
            return later instanceof Number ? later : null;
        }
        if (earlier instanceof Integer a && later instanceof Integer b) {
            long sum = (long) a + b;
            if (sum == (int) sum) {
                return (int) sum;
            }
            return sum;
        }
        if ((earlier instanceof Integer || earlier instanceof Long) && (later instanceof Integer || later instanceof Long)) {
            return Math.addExact(((Number) earlier).longValue(), ((Number) later).longValue());
        }
        return null;
    }
}
