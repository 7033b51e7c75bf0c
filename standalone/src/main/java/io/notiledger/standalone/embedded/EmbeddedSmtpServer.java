package io.notiledger.standalone.embedded;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * A real SMTP server in this process (GreenMail) that accepts every mail and keeps it in memory,
 * readable over IMAP and POP3 (log in with the recipient address as user name and password) and through {@code GET /dev/mailbox}.
 */
public class EmbeddedSmtpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSmtpServer.class);

    private final GreenMail greenMail;

    public EmbeddedSmtpServer(EmbeddedProperties.Smtp settings) {
        greenMail = new GreenMail(new ServerSetup[]{
                new ServerSetup(settings.port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(settings.imapPort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
                new ServerSetup(settings.pop3Port(), "127.0.0.1", ServerSetup.PROTOCOL_POP3)});
        greenMail.start();
        log.info("Embedded SMTP sink on 127.0.0.1:{} (IMAP {}, POP3 {})", settings.port(), settings.imapPort(),
                settings.pop3Port());
    }

    public List<MimeMessage> receivedMessages() {
        return List.of(greenMail.getReceivedMessages());
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
