package io.notiledger.command.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The SMTP server the EMAIL channel sends through ({@code ledger.delivery.email.*}).
 *
 * @param messageIdDomain the right-hand side of every {@code Message-ID}: {@code <notification-id@domain>}
 * @param startTls        use STARTTLS when the server offers it
 */
@ConfigurationProperties("ledger.delivery.email")
public record MailDeliveryProperties(
        @DefaultValue("localhost") String host,
        @DefaultValue("25") int port,
        String username,
        String password,
        @DefaultValue("notifications@notiledger.local") String from,
        @DefaultValue("notiledger.local") String messageIdDomain,
        @DefaultValue("false") boolean startTls,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("15s") Duration readTimeout) {
}
