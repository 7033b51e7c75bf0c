package io.notiledger.command.delivery;

import io.notiledger.api.command.DeliveryTicket;
import io.notiledger.api.notification.Channel;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * The EMAIL channel: plain SMTP through Jakarta Mail. Every attempt of one notification carries the same
 * {@code Message-ID}, so a mail server or client can recognise a retry of a mail that did arrive. A batch of
 * mails goes over one connection, kept open for the next batch ({@link SmtpConnectionPool}).
 */
@Component
public class SmtpEmailSender implements ChannelSender, AutoCloseable {

    static final String SEND_TIMEOUT = "SMTP_SEND_TIMEOUT";

    private final MailDeliveryProperties properties;
    private final SendDeadline deadline;
    private final ScheduledExecutorService writeTimeouts;
    private final Session session;
    private final SmtpConnectionPool connections;
    private final String vendor;

    public SmtpEmailSender(MailDeliveryProperties properties) {
        this.properties = properties;
        this.deadline = new SendDeadline(properties.sendTimeout());
        this.writeTimeouts = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "smtp-write-timeout");
            thread.setDaemon(true);
            return thread;
        });
        this.session = Session.getInstance(sessionProperties(properties, deadline, writeTimeouts), authenticator(properties));
        this.connections = new SmtpConnectionPool(session, deadline, properties.maxIdleConnections(),
                properties.maxIdleTime());
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
        return sendAll(List.of(ticket)).get(0);
    }

    /**
     * Sends the tickets' mails one after another over one connection (reused from earlier batches when it
     * still answers), all within one send deadline. A failed mail costs its connection: the next mail opens a
     * new one. When the connection cannot be opened, none of the rest is tried; once the deadline has passed,
     * none is started.
     */
    @Override
    public List<DeliveryOutcome> sendAll(List<DeliveryTicket> tickets) {
        DeliveryOutcome[] outcomes = new DeliveryOutcome[tickets.size()];
        MimeMessage[] messages = new MimeMessage[tickets.size()];
        for (int i = 0; i < tickets.size(); i++) {
            try {
                messages[i] = message(tickets.get(i));
            } catch (MessagingException e) {
                outcomes[i] = SmtpFailureClassifier.classify(vendor, e);
            }
        }
        try {
            deadline.run(expired -> {
                sendOverOneConnection(messages, outcomes, expired);
                return null;
            });
        } catch (Exception e) {
            throw new IllegalStateException("SMTP send failed unexpectedly", e);
        }
        return Arrays.asList(outcomes);
    }

    private void sendOverOneConnection(MimeMessage[] messages, DeliveryOutcome[] outcomes, BooleanSupplier expired) {
        SmtpConnectionPool.SmtpConnection connection = null;
        try {
            for (int i = 0; i < messages.length; i++) {
                if (messages[i] == null) {
                    continue;
                }
                if (expired.getAsBoolean()) {
                    outcomes[i] = DeliveryOutcome.failed(vendor, SEND_TIMEOUT, "Not sent: the batch's SMTP exchanges took "
                            + "longer than " + deadline.limit() + " before this mail's turn", true);
                    continue;
                }
                if (connection == null) {
                    try {
                        connection = connections.borrow();
                    } catch (MessagingException unreachable) {
                        failRest(messages, outcomes, i, expired.getAsBoolean() ? cutOff()
                                : SmtpFailureClassifier.classify(vendor, unreachable));
                        return;
                    }
                }
                try {
                    connection.transport().sendMessage(messages[i], messages[i].getAllRecipients());
                    outcomes[i] = DeliveryOutcome.delivered(vendor, messages[i].getMessageID());
                } catch (MessagingException e) {
                    outcomes[i] = expired.getAsBoolean() ? cutOff() : SmtpFailureClassifier.classify(vendor, e);
                    // after a refusal the server's state for this connection is not ours to guess: start afresh
                    connection.close();
                    connection = null;
                }
            }
        } finally {
            if (connection != null) {
                connections.release(connection);
            }
        }
    }

    private static void failRest(MimeMessage[] messages, DeliveryOutcome[] outcomes, int from, DeliveryOutcome outcome) {
        for (int i = from; i < messages.length; i++) {
            if (messages[i] != null) {
                outcomes[i] = outcome;
            }
        }
    }

    private DeliveryOutcome cutOff() {
        return DeliveryOutcome.failed(vendor, SEND_TIMEOUT, "The SMTP exchange took longer than "
                + deadline.limit() + " and was cut off; the server may have accepted the mail", true);
    }

    /** The ticket's mail, its Message-ID fixed (saved, as {@code Transport.sendMessage} expects). */
    private MimeMessage message(DeliveryTicket ticket) throws MessagingException {
        String messageId = "<" + ticket.notificationId() + "@" + properties.messageIdDomain() + ">";
        MimeMessage message = new FixedIdMimeMessage(session, messageId);
        message.setFrom(new InternetAddress(properties.from()));
        message.setRecipient(Message.RecipientType.TO, singleRecipient(ticket.content().recipient()));
        message.setSubject(ticket.content().subject(), StandardCharsets.UTF_8.name());
        message.setText(ticket.content().body(), StandardCharsets.UTF_8.name());
        message.setHeader("X-Notification-Id", ticket.notificationId());
        message.setHeader("X-Delivery-Attempt", Integer.toString(ticket.attemptNumber()));
        message.saveChanges();
        return message;
    }

    @Override
    public void close() {
        connections.close();
        deadline.close();
        writeTimeouts.shutdownNow();
    }

    private static Properties sessionProperties(MailDeliveryProperties p, SendDeadline deadline,
                                                ScheduledExecutorService writeTimeouts) {
        Properties props = new Properties();
        props.put("mail.smtp.socketFactory", deadline.socketFactory());
        props.put("mail.transport.protocol", "smtp");
        props.put("mail.smtp.host", p.host());
        props.put("mail.smtp.port", Integer.toString(p.port()));
        props.put("mail.smtp.connectiontimeout", Long.toString(p.connectTimeout().toMillis()));
        props.put("mail.smtp.timeout", Long.toString(p.readTimeout().toMillis()));
        props.put("mail.smtp.writetimeout", Long.toString(p.readTimeout().toMillis()));
        // one timer for every connection's write timeout; without it Jakarta Mail starts a thread per connection
        props.put("mail.smtp.executor.writetimeout", writeTimeouts);
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
