package io.notiledger.projections.status;

import io.notiledger.api.notification.NotificationStatus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one event changes in a notification's status document: the state it enters (null when it enters none),
 * the fields it sets (a value may be null) and the fields it removes. {@link StatusFold} makes them;
 * the status projection writes them to MongoDB and {@link StatusAsOfQueryHandler} folds them in memory.
 */
public record StatusChange(NotificationStatus status, Map<String, Object> set, List<String> unset) {

    public StatusChange {
        set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
        unset = List.copyOf(unset);
    }

    static StatusChange to(NotificationStatus status) {
        return new StatusChange(status, Map.of(), List.of());
    }

    StatusChange set(String field, Object value) {
        Map<String, Object> fields = new LinkedHashMap<>(set);
        fields.put(field, value);
        return new StatusChange(status, fields, unset);
    }

    StatusChange unset(String field) {
        List<String> fields = new ArrayList<>(unset);
        fields.add(field);
        return new StatusChange(status, set, fields);
    }
}
