package io.notiledger.projections;

/**
 * Masks a recipient for the views: enough for a support engineer to recognise it, not enough to harvest.
 * {@code jane.doe@example.com} becomes {@code j***e@example.com}; other recipients keep at most their last 4 characters, and never more than half.
 */
public final class RecipientMask {

    private RecipientMask() {
    }

    public static String mask(String recipient) {
        if (recipient == null || recipient.isEmpty()) {
            return recipient;
        }
        int at = recipient.lastIndexOf('@');
        if (at > 0) {
            String local = recipient.substring(0, at);
            String shown = local.length() <= 2 ? local.substring(0, 1) : local.charAt(0) + "***" + local.charAt(local.length() - 1);
            return (local.length() <= 2 ? shown + "***" : shown) + recipient.substring(at);
        }
        int keep = Math.min(4, recipient.length() / 2);
        return "***" + recipient.substring(recipient.length() - keep);
    }
}
