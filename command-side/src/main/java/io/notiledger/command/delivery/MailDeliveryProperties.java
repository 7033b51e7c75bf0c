package io.notiledger.command.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The SMTP server the EMAIL channel sends through ({@code ledger.delivery.email.*}).
 *
 * @param messageIdDomain the right-hand side of every {@code Message-ID}: {@code <notification-id@domain>}
 * @param startTls        use STARTTLS when the server offers it
 * @param connectTimeout  how long to wait for the connection
 * @param readTimeout     how long to wait for each reply of the server
 * @param sendTimeout     how long one whole SMTP exchange may take before its connection is closed; must stay
 *                        below {@code ledger.delivery.retry.attempt-timeout}, so that an attempt has ended
 *                        before the ledger considers its outcome unknown; it bounds a whole batch of mails
 *                        sent over one connection
 * @param maxIdleConnections how many open connections are kept for the next batches
 * @param maxIdleTime     how long a kept connection may stay unused before it is closed instead of reused
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
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("30s") Duration sendTimeout,
        @DefaultValue("4") int maxIdleConnections,
        @DefaultValue("30s") Duration maxIdleTime) {
}
