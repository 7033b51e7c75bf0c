package io.notiledger.api.notification;

import java.util.regex.Pattern;

/**
 * Every notification id is a UUID in its canonical lowercase form ({@code 8-4-4-4-12} hex digits): what
 * {@code UUID.toString()} writes. Anything else names no notification, so an API can answer 404 without asking
 * a store, and a hostile id never reaches one.
 */
public final class NotificationIdFormat {

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private NotificationIdFormat() {
    }

    public static boolean isWellFormed(String id) {
        return id != null && id.length() == 36 && CANONICAL_UUID.matcher(id).matches();
    }
}
