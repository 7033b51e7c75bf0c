package io.notiledger.standalone;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real SMTP server (GreenMail) that a test can take down and bring back on the same port, to play an
 * SMTP vendor's outage. Mail it received before it went down is remembered across restarts.
 */
final class SmtpSink implements AutoCloseable {

    private final int port = TestLedger.freePort();
    private final List<MimeMessage> received = new ArrayList<>();
    private GreenMail server;

    int port() {
        return port;
    }

    SmtpSink up() {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return this;
    }

    SmtpSink down() {
        if (server != null) {
            received.addAll(Arrays.asList(server.getReceivedMessages()));
            server.stop();
            server = null;
        }
        return this;
    }

    /** How many mails for this notification arrived, counted by the X-Notification-Id header. */
    long mailsFor(String notificationId) {
        return received().stream().filter(mail -> notificationId.equals(header(mail))).count();
    }

    /** Every mail that arrived so far, counted per Message-ID and per notification. */
    MailCounter mails() {
        return MailCounter.of(received());
    }

    private List<MimeMessage> received() {
        List<MimeMessage> all = new ArrayList<>(received);
        if (server != null) {
            all.addAll(Arrays.asList(server.getReceivedMessages()));
        }
        return all;
    }

    private static String header(MimeMessage mail) {
        try {
            return mail.getHeader("X-Notification-Id", null);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        down();
    }
}
