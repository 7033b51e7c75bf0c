package io.notiledger.command.delivery;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.notiledger.api.command.DeliveryTicket;
import io.notiledger.api.notification.Channel;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The EMAIL channel against a real SMTP server (GreenMail on a free local port). */
class SmtpEmailSenderTest {

    private static final String HOST = "127.0.0.1";
    private static final String DOMAIN = "ledger.test";
    private static final String FROM = "notifications@ledger.test";
    private static final String NOTIFICATION_ID = "0d5e7b8a-2f6c-3c1d-9e4a-7b1c2d3e4f50";
    private static final long WAIT_MILLIS = 5_000;

    private GreenMail greenMail;

    @BeforeEach
    void startMailServer() {
        greenMail = new GreenMail(new ServerSetup(0, HOST, ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    @AfterEach
    void stopMailServer() {
        greenMail.stop();
    }

    private static MailDeliveryProperties properties(int port) {
        return new MailDeliveryProperties(HOST, port, null, null, FROM, DOMAIN, false,
                Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    private SmtpEmailSender sender() {
        return new SmtpEmailSender(properties(greenMail.getSmtp().getPort()));
    }

    private static DeliveryTicket ticket(int attempt, String recipient) {
        return new DeliveryTicket(NOTIFICATION_ID, attempt, "acme", Channel.EMAIL, recipient,
                "Your code: 123 – grüße", "Hello,\nyour code is 123456.");
    }

    private static String expectedMessageId() {
        return "<" + NOTIFICATION_ID + "@" + DOMAIN + ">";
    }

    @Test
    void sendDeliversExactlyOneMailWithTheNotificationsMessageId() throws Exception {
        sender().send(ticket(1, "user@example.com"));

        assertThat(greenMail.waitForIncomingEmail(WAIT_MILLIS, 1)).isTrue();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getMessageID()).isEqualTo(expectedMessageId());
        assertThat(mail.getHeader("X-Notification-Id", null)).isEqualTo(NOTIFICATION_ID);
        assertThat(mail.getHeader("X-Delivery-Attempt", null)).isEqualTo("1");
        assertThat(mail.getSubject()).isEqualTo("Your code: 123 – grüße");
        assertThat(((String) mail.getContent()).replace("\r\n", "\n")).isEqualTo("Hello,\nyour code is 123456.");
        assertThat(mail.getRecipients(Message.RecipientType.TO)).containsExactly(new InternetAddress("user@example.com"));
        assertThat(mail.getFrom()).containsExactly(new InternetAddress(FROM));
    }

    @Test
    void sendReportsDeliveredWithTheMessageIdAsVendorMessageId() {
        int port = greenMail.getSmtp().getPort();

        DeliveryOutcome outcome = sender().send(ticket(1, "user@example.com"));

        assertThat(outcome.delivered()).isTrue();
        assertThat(outcome.vendorMessageId()).isEqualTo(expectedMessageId());
        assertThat(outcome.vendor()).isEqualTo("smtp:" + HOST + ":" + port);
        assertThat(outcome.errorCode()).isNull();
        assertThat(outcome.errorMessage()).isNull();
    }

    @Test
    void mailGoesToTheTicketsRecipientOnly() {
        sender().send(ticket(1, "someone@example.org"));

        assertThat(greenMail.waitForIncomingEmail(WAIT_MILLIS, 1)).isTrue();
        assertThat(greenMail.getReceivedMessagesForDomain("example.org")).hasSize(1);
        assertThat(greenMail.getReceivedMessagesForDomain("example.com")).isEmpty();
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void everyAttemptOfOneNotificationCarriesTheSameMessageId() throws Exception {
        SmtpEmailSender sender = sender();

        DeliveryOutcome first = sender.send(ticket(1, "user@example.com"));
        DeliveryOutcome second = sender.send(ticket(2, "user@example.com"));

        assertThat(greenMail.waitForIncomingEmail(WAIT_MILLIS, 2)).isTrue();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received[0].getMessageID()).isEqualTo(expectedMessageId());
        assertThat(received[1].getMessageID()).isEqualTo(expectedMessageId());
        assertThat(received).extracting(mail -> mail.getHeader("X-Delivery-Attempt", null))
                .containsExactlyInAnyOrder("1", "2");
        assertThat(first.vendorMessageId()).isEqualTo(second.vendorMessageId()).isEqualTo(expectedMessageId());
    }

    @Test
    void differentNotificationsGetDifferentMessageIds() throws Exception {
        SmtpEmailSender sender = sender();
        DeliveryTicket other = new DeliveryTicket("other-id", 1, "acme", Channel.EMAIL, "user@example.com", "s", "b");

        sender.send(ticket(1, "user@example.com"));
        sender.send(other);

        assertThat(greenMail.waitForIncomingEmail(WAIT_MILLIS, 2)).isTrue();
        assertThat(greenMail.getReceivedMessages()).extracting(MimeMessage::getMessageID)
                .containsExactlyInAnyOrder(expectedMessageId(), "<other-id@" + DOMAIN + ">");
    }

    @Test
    void stoppedServerIsARetryableConnectionFailure() {
        SmtpEmailSender sender = sender();
        greenMail.stop();

        DeliveryOutcome outcome = sender.send(ticket(1, "user@example.com"));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.errorCode()).isEqualTo("SMTP_CONNECTION_FAILED");
        assertThat(outcome.retryable()).isTrue();
        assertThat(outcome.vendorMessageId()).isNull();
    }

    @Test
    void closedPortIsARetryableConnectionFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        DeliveryOutcome outcome = new SmtpEmailSender(properties(closedPort)).send(ticket(1, "user@example.com"));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.errorCode()).isEqualTo("SMTP_CONNECTION_FAILED");
        assertThat(outcome.retryable()).isTrue();
        assertThat(outcome.vendor()).isEqualTo("smtp:" + HOST + ":" + closedPort);
    }

    @Test
    void malformedRecipientIsAPermanentFailureAndSendsNothing() {
        DeliveryOutcome outcome = sender().send(ticket(1, "not an address"));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.errorCode()).isEqualTo("INVALID_ADDRESS");
        assertThat(outcome.retryable()).isFalse();
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void subjectAndTextAreEncodedAsUtf8() throws Exception {
        sender().send(ticket(1, "user@example.com"));

        assertThat(greenMail.waitForIncomingEmail(WAIT_MILLIS, 1)).isTrue();
        MimeMessage mail = greenMail.getReceivedMessages()[0];
        assertThat(mail.getContentType()).containsIgnoringCase("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(mail.getHeader("Subject", null)).containsIgnoringCase("=?UTF-8?");
    }
}
