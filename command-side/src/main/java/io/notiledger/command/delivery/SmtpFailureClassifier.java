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

/**
 * Decides whether an SMTP failure is worth retrying: connection problems, timeouts and 4xx replies are
 * transient; 5xx replies (recipient rejected, message refused) and malformed addresses are permanent.
 */
final class SmtpFailureClassifier {

    private SmtpFailureClassifier() {
    }

    static DeliveryOutcome classify(String vendor, MessagingException failure) {
        String message = describe(failure);
        int replyCode = replyCode(failure);
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

    /** The SMTP reply code of the failure, or 0 when the server never answered. */
    private static int replyCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SMTPAddressFailedException address) {
                return address.getReturnCode();
            }
            if (t instanceof SMTPSendFailedException send) {
                return send.getReturnCode();
            }
        }
        return 0;
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

    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()).strip());
        if (failure instanceof SendFailedException send && send.getInvalidAddresses() != null
                && send.getInvalidAddresses().length > 0) {
            text.append(" (invalid recipients: ").append(send.getInvalidAddresses().length).append(')');
        }
        return text.length() > 500 ? text.substring(0, 500) : text.toString();
    }
}
