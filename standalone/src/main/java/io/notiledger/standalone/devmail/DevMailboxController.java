package io.notiledger.standalone.devmail;

import io.notiledger.standalone.embedded.EmbeddedSmtpServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Read-only view of the embedded SMTP sink, for trying the ledger out: {@code GET /dev/mailbox}. */
@RestController
@ConditionalOnProperty(name = "ledger.embedded.smtp.enabled", havingValue = "true", matchIfMissing = true)
public class DevMailboxController {

    private final EmbeddedSmtpServer smtp;

    public DevMailboxController(EmbeddedSmtpServer smtp) {
        this.smtp = smtp;
    }

    /** Reading GreenMail's store blocks, so it happens on a worker thread, never on the HTTP event loop. */
    @GetMapping(value = "/dev/mailbox", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<ReceivedMail>> mailbox() {
        return Mono.fromCallable(this::receivedMails).subscribeOn(Schedulers.boundedElastic());
    }

    private List<ReceivedMail> receivedMails() throws MessagingException, IOException {
        List<ReceivedMail> mails = new ArrayList<>();
        for (MimeMessage message : smtp.receivedMessages()) {
            mails.add(new ReceivedMail(message.getMessageID(), addresses(message.getFrom()),
                    addresses(message.getAllRecipients()), message.getSubject(),
                    message.getHeader("X-Notification-Id", null), String.valueOf(message.getContent()).strip(),
                    message.getSentDate() == null ? null : message.getSentDate().toInstant().toString()));
        }
        return mails;
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses).map(Address::toString).toList();
    }

    /** One mail the sink received. */
    public record ReceivedMail(String messageId, List<String> from, List<String> to, String subject,
                               String notificationId, String body, String sentAt) {
    }
}
