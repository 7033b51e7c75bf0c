package io.notiledger.projections.parking;

import io.notiledger.projections.RecipientMask;
import org.axonframework.messaging.deadletter.ThrowableCause;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of a failure's message may be stored with a parked event and shown to operators. MongoDB's
 * duplicate-key errors echo the key's values ({@code dup key: { correlationId: "..." }}), and any message
 * may quote an event's field: key values are cut out and e-mail addresses masked as in the views.
 */
final class CauseMessages {

    private static final int MAX_LENGTH = ThrowableCause.TRUNCATED_MESSAGE_SIZE;
    private static final Pattern KEY_VALUES = Pattern.compile("(dup key|keyValue)\"?(\\s*[:=]\\s*)\\{");
    private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+'*-]+@[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)+");

    private CauseMessages() {
    }

    /** The failure as a cause to store: its class, and its message masked and truncated. */
    static ThrowableCause of(Throwable failure) {
        return new ThrowableCause(failure.getClass().getName(), mask(failure.getMessage()));
    }

    /** The message without key values or readable e-mail addresses (masking twice changes nothing); null stays null. */
    static String mask(String message) {
        if (message == null) {
            return null;
        }
        String masked = maskEmails(withoutKeyValues(message));
        return masked.length() > MAX_LENGTH ? masked.substring(0, MAX_LENGTH) : masked;
    }

    private static String withoutKeyValues(String message) {
        StringBuilder out = new StringBuilder();
        Matcher key = KEY_VALUES.matcher(message);
        int from = 0;
        while (key.find(from)) {
            out.append(message, from, key.end()).append("...}");
            from = endOfDocument(message, key.end());
        }
        return out.append(message, from, message.length()).toString();
    }

    /** The index after the brace that closes the document whose opening brace is just before {@code from}. */
    private static int endOfDocument(String message, int from) {
        int depth = 1;
        for (int i = from; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            }
        }
        return message.length();
    }

    private static String maskEmails(String message) {
        return EMAIL.matcher(message).replaceAll(address -> Matcher.quoteReplacement(RecipientMask.mask(address.group())));
    }
}
