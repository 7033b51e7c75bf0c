package io.notiledger.command.delivery;

import io.notiledger.api.command.DeliveryTicket;
import io.notiledger.api.notification.Channel;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

/**
 * The EMAIL channel: plain SMTP through Jakarta Mail. Every attempt of one notification carries the same
 * {@code Message-ID}, so a mail server or client can recognise a retry of a mail that did arrive.
 */
@Component
public class SmtpEmailSender implements ChannelSender, AutoCloseable {

    static final String SEND_TIMEOUT = "SMTP_SEND_TIMEOUT";

    private final MailDeliveryProperties properties;
    private final SendDeadline deadline;
    private final Session session;
    private final String vendor;

    public SmtpEmailSender(MailDeliveryProperties properties) {
        this.properties = properties;
        this.deadline = new SendDeadline(properties.sendTimeout());
        this.session = Session.getInstance(sessionProperties(properties, deadline), authenticator(properties));
        this.vendor = "smtp:" + properties.host() + ":" + properties.port();
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public Duration longestSend() {
        return deadline.limit();
    }

    @Override
    public DeliveryOutcome send(DeliveryTicket ticket) {
        String messageId = "<" + ticket.notificationId() + "@" + properties.messageIdDomain() + ">";
        try {
            MimeMessage message = new FixedIdMimeMessage(session, messageId);
            message.setFrom(new InternetAddress(properties.from()));
            message.setRecipient(Message.RecipientType.TO, singleRecipient(ticket.content().recipient()));
            message.setSubject(ticket.content().subject(), StandardCharsets.UTF_8.name());
            message.setText(ticket.content().body(), StandardCharsets.UTF_8.name());
            message.setHeader("X-Notification-Id", ticket.notificationId());
            message.setHeader("X-Delivery-Attempt", Integer.toString(ticket.attemptNumber()));
            SendDeadline.Bounded<DeliveryOutcome> sent = deadline.run(() -> {
                try {
                    Transport.send(message);
                    return DeliveryOutcome.delivered(vendor, messageId);
                } catch (MessagingException e) {
                    return SmtpFailureClassifier.classify(vendor, e);
                }
            });
            if (sent.expired() && !sent.result().delivered()) {
                return DeliveryOutcome.failed(vendor, SEND_TIMEOUT, "The SMTP exchange took longer than "
                        + deadline.limit() + " and was cut off; the server may have accepted the mail", true);
            }
            return sent.result();
        } catch (MessagingException e) {
            return SmtpFailureClassifier.classify(vendor, e);
        } catch (Exception e) {
            throw new IllegalStateException("SMTP send failed unexpectedly", e);
        }
    }

    @Override
    public void close() {
        deadline.close();
    }

    private static Properties sessionProperties(MailDeliveryProperties p, SendDeadline deadline) {
        Properties props = new Properties();
        props.put("mail.smtp.socketFactory", deadline.socketFactory());
        props.put("mail.transport.protocol", "smtp");
        props.put("mail.smtp.host", p.host());
        props.put("mail.smtp.port", Integer.toString(p.port()));
        props.put("mail.smtp.connectiontimeout", Long.toString(p.connectTimeout().toMillis()));
        props.put("mail.smtp.timeout", Long.toString(p.readTimeout().toMillis()));
        props.put("mail.smtp.writetimeout", Long.toString(p.readTimeout().toMillis()));
        props.put("mail.smtp.starttls.enable", Boolean.toString(p.startTls()));
        props.put("mail.smtp.auth", Boolean.toString(hasCredentials(p)));
        return props;
    }

    private static Authenticator authenticator(MailDeliveryProperties p) {
        if (!hasCredentials(p)) {
            return null;
        }
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(p.username(), p.password());
            }
        };
    }

    /** Exactly one mailbox: a group or list address would send one notification to many people. */
    private static InternetAddress singleRecipient(String recipient) throws AddressException {
        InternetAddress address = new InternetAddress(recipient, true);
        if (address.isGroup()) {
            throw new AddressException("A group address is not one recipient", recipient);
        }
        return address;
    }

    private static boolean hasCredentials(MailDeliveryProperties p) {
        return p.username() != null && !p.username().isBlank();
    }

    /** Jakarta Mail replaces Message-ID on every save; this keeps the one derived from the notification id. */
    private static final class FixedIdMimeMessage extends MimeMessage {
        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
