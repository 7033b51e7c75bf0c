package io.notiledger.projections;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ledger.views.*}: settings of what the views keep.
 *
 * @param recipientHashKey the secret of the keyed hash (HMAC-SHA256) through which the status view matches a
 *                         recipient search ({@code LEDGER_RECIPIENT_HASH_KEY}), at least 32 characters. Without one
 *                         the view keeps no recipient hash and the recipient filter is refused: a default key would
 *                         be known to everybody, and a key made up at each start would not match what the view
 *                         stored before. Changing it needs a rebuild of the status view.
 */
@ConfigurationProperties("ledger.views")
public record ViewProperties(String recipientHashKey) {

    static final int MIN_KEY_LENGTH = 32;

    public ViewProperties {
        if (recipientHashKey != null && recipientHashKey.isBlank()) {
            recipientHashKey = null;
        }
        if (recipientHashKey != null && recipientHashKey.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("ledger.views.recipient-hash-key must have at least " + MIN_KEY_LENGTH
                    + " characters (a random secret; e.g. openssl rand -base64 48)");
        }
    }
}
