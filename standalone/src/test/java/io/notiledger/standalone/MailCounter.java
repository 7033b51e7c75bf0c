package io.notiledger.standalone;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the mails an SMTP server received per Message-ID and per notification (X-Notification-Id): a
 * notification's copies must share one Message-ID, so that a receiver can drop a resend.
 */
final class MailCounter {

    private final Map<String, Integer> perMessageId = new ConcurrentHashMap<>();
    private final Map<String, List<String>> messageIdsPerNotification = new ConcurrentHashMap<>();

    static MailCounter of(Collection<MimeMessage> mails) {
        MailCounter counter = new MailCounter();
        mails.forEach(counter::add);
        return counter;
    }

    void add(MimeMessage mail) {
        try {
            add(mail.getMessageID(), mail.getHeader("X-Notification-Id", null));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    void add(String messageId, String notificationId) {
        perMessageId.merge(String.valueOf(messageId), 1, Integer::sum);
        messageIdsPerNotification.compute(String.valueOf(notificationId), (id, ids) ->
                ids == null ? List.of(String.valueOf(messageId)) : append(ids, String.valueOf(messageId)));
    }

    /** How many Message-IDs arrived more than once. */
    long twice() {
        return perMessageId.values().stream().filter(count -> count > 1).count();
    }

    /** How many of these notifications were mailed more than once. */
    long twice(Collection<String> notificationIds) {
        return notificationIds.stream().filter(id -> mailsFor(id) > 1).count();
    }

    long total() {
        return perMessageId.values().stream().mapToLong(Integer::longValue).sum();
    }

    long mailsFor(String notificationId) {
        return messageIdsFor(notificationId).size();
    }

    /** The Message-ID of each mail that arrived for this notification, in arrival order. */
    List<String> messageIdsFor(String notificationId) {
        return messageIdsPerNotification.getOrDefault(notificationId, List.of());
    }

    private static List<String> append(List<String> ids, String id) {
        List<String> longer = new ArrayList<>(ids);
        longer.add(id);
        return List.copyOf(longer);
    }
}
