package io.notiledger.projections;

import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The keyed hash (HMAC-SHA256 under {@code ledger.views.recipient-hash-key}) the status view keeps of each
 * recipient, so that a search by address can match without the view holding the address. Without the secret one
 * cannot test a guessed address against the view. An email address's domain is compared without regard to case
 * (as mail servers do); everything else exactly.
 */
@Component
public class RecipientHash {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public RecipientHash(ViewProperties properties) {
        this.key = properties.recipientHashKey() == null ? null
                : new SecretKeySpec(properties.recipientHashKey().getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    public boolean isConfigured() {
        return key != null;
    }

    /** The recipient's hash (base64url), or empty when no key is configured. */
    public Optional<String> of(String recipient) {
        if (key == null || recipient == null) {
            return Optional.empty();
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] hash = mac.doFinal(normalised(recipient).getBytes(StandardCharsets.UTF_8));
            return Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String normalised(String recipient) {
        int at = recipient.lastIndexOf('@');
        return at < 0 ? recipient : recipient.substring(0, at) + recipient.substring(at).toLowerCase(Locale.ROOT);
    }
}
