package io.notiledger.command.delivery;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether an SMTP failure is worth retrying: connection problems, timeouts and 4xx replies are
 * transient; 5xx replies (recipient rejected, message refused, no service) and malformed addresses are
 * permanent. A reply code counts wherever the server gave it, in the greeting too: Jakarta Mail reports a
 * refused greeting only as text ("Got bad greeting ... response: 421 ..."), so the code is read from it.
 */
final class SmtpFailureClassifier {

    /** How Jakarta Mail words a greeting other than 220; the reply follows "response:". */
    private static final Pattern BAD_GREETING = Pattern.compile("bad greeting .*response: ?([2-5]\\d\\d)[ -]?(.*)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** Mail addresses a server may echo in its reply: personal data, kept out of the event log. */
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>()\\[\\]\"',;:]+@[^\\s<>()\\[\\]\"',;:]+");
    private static final int MAX_MESSAGE = 500;

    private SmtpFailureClassifier() {
    }

    static DeliveryOutcome classify(String vendor, MessagingException failure) {
        Reply reply = reply(failure);
        String message = describe(failure, reply);
        int replyCode = reply == null ? 0 : reply.code();
        if (replyCode >= 500) {
            return DeliveryOutcome.failed(vendor, "SMTP_PERMANENT_REJECT", message, false);
        }
        if (replyCode >= 400) {
            return DeliveryOutcome.failed(vendor, "SMTP_TRANSIENT_REJECT", message, true);
        }
        if (has(failure, AddressException.class)) {
            return DeliveryOutcome.failed(vendor, "INVALID_ADDRESS", message, false);
        }
        if (has(failure, SocketTimeoutException.class)) {
            return DeliveryOutcome.failed(vendor, "SMTP_TIMEOUT", message, true);
        }
        if (failure instanceof MailConnectException || has(failure, ConnectException.class)
                || has(failure, UnknownHostException.class)) {
            return DeliveryOutcome.failed(vendor, "SMTP_CONNECTION_FAILED", message, true);
        }
        if (failure instanceof AuthenticationFailedException) {
            // a configuration problem of ours, not of the notification: retry once it is fixed
            return DeliveryOutcome.failed(vendor, "SMTP_AUTHENTICATION_FAILED", message, true);
        }
        return DeliveryOutcome.failed(vendor, "SMTP_ERROR", message, true);
    }

    /** The SMTP server's reply behind the failure, or null when the server never answered. */
    private static Reply reply(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SMTPAddressFailedException address) {
                return new Reply(address.getReturnCode(), address.getMessage());
            }
            if (t instanceof SMTPSendFailedException send) {
                return new Reply(send.getReturnCode(), send.getMessage());
            }
            Matcher greeting = t.getMessage() == null ? null : BAD_GREETING.matcher(t.getMessage());
            if (greeting != null && greeting.find()) {
                return new Reply(Integer.parseInt(greeting.group(1)), (greeting.group(1) + " " + greeting.group(2)).strip());
            }
        }
        return null;
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Jakarta Mail chains failures through getNextException as well as getCause. */
    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException messaging && messaging.getNextException() != null
                && messaging.getNextException() != t) {
            return messaging.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    /** The failure in words: what the client said, then the server's reply code and text when it gave one. */
    private static String describe(Throwable failure, Reply reply) {
        String summary = String.valueOf(failure.getMessage()).strip();
        StringBuilder text = new StringBuilder(summary);
        if (failure instanceof SendFailedException send && send.getInvalidAddresses() != null
                && send.getInvalidAddresses().length > 0) {
            text.append(" (invalid recipients: ").append(send.getInvalidAddresses().length).append(')');
        }
        if (reply != null && !summary.contains(reply.text().strip())) {
            text.append(": ").append(reply.text().strip());
        }
        String masked = ADDRESS.matcher(text).replaceAll("[address]");
        return masked.length() > MAX_MESSAGE ? masked.substring(0, MAX_MESSAGE) : masked;
    }

    /** An SMTP reply: its code and its text (which starts with the code). */
    private record Reply(int code, String text) {
    }
}
