package io.notiledger.command.delivery;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.notiledger.api.command.DeliveryTicket;
import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.NotificationContent;
import io.notiledger.api.notification.Priority;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.stream.IntStream;

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
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(20), 4, Duration.ofSeconds(30));
    }

    private SmtpEmailSender sender() {
        return new SmtpEmailSender(properties(greenMail.getSmtp().getPort()));
    }

    private static DeliveryTicket ticket(int attempt, String recipient) {
        return new DeliveryTicket(NOTIFICATION_ID, attempt, "acme", content(recipient,
                "Your code: 123 – grüße", "Hello,\nyour code is 123456."));
    }

    private static NotificationContent content(String recipient, String subject, String body) {
        return new NotificationContent(Channel.EMAIL, recipient, subject, body, null, Priority.NORMAL, "correlation", Map.of());
    }

    private static String expectedMessageId() {
        return "<" + NOTIFICATION_ID + "@" + DOMAIN + ">";
    }

    /**
     * A server that answers every read in time but never finishes its greeting (a continuation line every
     * 300 ms): per-read timeouts never fire, so only the send deadline ends the attempt.
     */
    @Test
    void aServerThatNeverFinishesAnsweringIsCutOffAtTheSendTimeout() throws Exception {
        try (ServerSocket slow = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            Thread dripFeeder = new Thread(() -> {
                try (java.net.Socket client = slow.accept();
                     java.io.OutputStream out = client.getOutputStream()) {
                    while (true) {
                        out.write("220-still greeting you\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        out.flush();
                        Thread.sleep(300);
                    }
                } catch (IOException | InterruptedException closedByTheClient) {
                    // the sender cut the connection: what this test waits for
                }
            }, "drip-feeding-smtp");
            dripFeeder.setDaemon(true);
            dripFeeder.start();
            MailDeliveryProperties bounded = new MailDeliveryProperties(HOST, slow.getLocalPort(), null, null, FROM,
                    DOMAIN, false, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(1500), 4, Duration.ofSeconds(30));

            long started = System.nanoTime();
            DeliveryOutcome outcome;
            try (SmtpEmailSender sender = new SmtpEmailSender(bounded)) {
                outcome = sender.send(ticket(1, "user@example.com"));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(outcome.delivered()).isFalse();
            assertThat(outcome.errorCode()).isEqualTo(SmtpEmailSender.SEND_TIMEOUT);
            assertThat(outcome.retryable()).isTrue();
            assertThat(took).isBetween(Duration.ofMillis(1400), Duration.ofSeconds(5));
            dripFeeder.join(5_000);
            assertThat(dripFeeder.isAlive()).as("the connection was closed").isFalse();
        }
    }

    @Test
    void longestSendIsTheSendTimeout() {
        assertThat(sender().longestSend()).isEqualTo(Duration.ofSeconds(20));
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
        DeliveryTicket other = new DeliveryTicket("other-id", 1, "acme", content("user@example.com", "s", "b"));

        sender.send(ticket(1, "user@example.com"));
        sender.send(other);

        assertThat(greenMail.waitForIncomingEmail(WAIT_MILLIS, 2)).isTrue();
        assertThat(greenMail.getReceivedMessages()).extracting(MimeMessage::getMessageID)
                .containsExactlyInAnyOrder(expectedMessageId(), "<other-id@" + DOMAIN + ">");
    }

    @Test
    void aBatchOfMailsGoesOverOneConnection() throws Exception {
        try (CountingRelay relay = new CountingRelay(greenMail.getSmtp().getPort());
             SmtpEmailSender sender = new SmtpEmailSender(properties(relay.port()))) {
            List<DeliveryTicket> tickets = tickets(20);

            List<DeliveryOutcome> outcomes = sender.sendAll(tickets);

            assertThat(outcomes).hasSize(20).allMatch(DeliveryOutcome::delivered);
            assertThat(outcomes).extracting(DeliveryOutcome::vendorMessageId)
                    .containsExactlyElementsOf(tickets.stream().map(t -> "<" + t.notificationId() + "@" + DOMAIN + ">").toList());
            assertThat(greenMail.waitForIncomingEmail(WAIT_MILLIS, 20)).isTrue();
            assertThat(greenMail.getReceivedMessages()).extracting(MimeMessage::getMessageID)
                    .containsExactlyInAnyOrderElementsOf(outcomes.stream().map(DeliveryOutcome::vendorMessageId).toList());
            assertThat(relay.connections()).isEqualTo(1);
        }
    }

    @Test
    void theNextBatchReusesTheOpenConnection() throws Exception {
        try (CountingRelay relay = new CountingRelay(greenMail.getSmtp().getPort());
             SmtpEmailSender sender = new SmtpEmailSender(properties(relay.port()))) {
            sender.sendAll(tickets(3));
            sender.send(ticket(1, "user@example.com"));

            assertThat(greenMail.waitForIncomingEmail(WAIT_MILLIS, 4)).isTrue();
            assertThat(relay.connections()).isEqualTo(1);
        }
    }

    @Test
    void aConnectionTheServerDroppedIsReplacedBeforeAnyMailIsLost() throws Exception {
        try (CountingRelay relay = new CountingRelay(greenMail.getSmtp().getPort());
             SmtpEmailSender sender = new SmtpEmailSender(properties(relay.port()))) {
            sender.sendAll(tickets(2));
            relay.dropAll();

            List<DeliveryOutcome> afterTheDrop = sender.sendAll(tickets(3));

            assertThat(afterTheDrop).allMatch(DeliveryOutcome::delivered);
            assertThat(greenMail.waitForIncomingEmail(WAIT_MILLIS, 5)).isTrue();
            assertThat(greenMail.getReceivedMessages()).hasSize(5);
            assertThat(relay.connections()).isEqualTo(2);
        }
    }

    @Test
    void aMailThatCannotBeSentFailsAloneInItsBatch() throws Exception {
        try (SmtpEmailSender sender = sender()) {
            List<DeliveryTicket> tickets = List.of(ticket(1, "first@example.com"), ticket(1, "not an address"),
                    ticket(1, "third@example.com"));

            List<DeliveryOutcome> outcomes = sender.sendAll(tickets);

            assertThat(outcomes).extracting(DeliveryOutcome::delivered).containsExactly(true, false, true);
            assertThat(outcomes.get(1).errorCode()).isEqualTo("INVALID_ADDRESS");
            assertThat(greenMail.waitForIncomingEmail(WAIT_MILLIS, 2)).isTrue();
            assertThat(greenMail.getReceivedMessages()).hasSize(2);
        }
    }

    @Test
    void noMailOfABatchIsTriedOnceTheServerIsOutOfReach() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (SmtpEmailSender sender = new SmtpEmailSender(properties(closedPort))) {
            List<DeliveryOutcome> outcomes = sender.sendAll(tickets(3));

            assertThat(outcomes).extracting(DeliveryOutcome::errorCode).containsOnly("SMTP_CONNECTION_FAILED");
            assertThat(outcomes).allMatch(DeliveryOutcome::retryable);
        }
    }

    private static List<DeliveryTicket> tickets(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new DeliveryTicket(java.util.UUID.randomUUID().toString(), 1, "acme",
                        content("user" + i + "@example.com", "subject " + i, "body " + i)))
                .toList();
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
