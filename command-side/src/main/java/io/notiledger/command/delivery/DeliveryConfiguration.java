package io.notiledger.command.delivery;

import io.notiledger.command.notification.RetryProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.List;

/**
 * Every send ends before its attempt times out (each sender bounds its own sends, a batch's together, and the
 * attempt timeout must be longer), so an attempt that is merely slow is never retried while it is still sending:
 * the only attempts whose outcome is unknown are those of a process that stopped mid-send.
 * <p>
 * The delivery processor itself is declared in {@link io.notiledger.command.CommandSideProcessors}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailDeliveryProperties.class)
public class DeliveryConfiguration {

    /** Time left after the longest send for its outcome to be recorded before the attempt times out. */
    static final Duration RECORDING_MARGIN = Duration.ofSeconds(10);

    @Autowired
    void sendsEndBeforeTheirAttemptTimesOut(List<ChannelSender> senders, RetryProperties retry) {
        for (ChannelSender sender : senders) {
            if (sender.longestSend().plus(RECORDING_MARGIN).compareTo(retry.attemptTimeout()) > 0) {
                throw new IllegalStateException("ledger.delivery.retry.attempt-timeout (" + retry.attemptTimeout()
                        + ") must exceed the longest " + sender.channel() + " send (" + sender.longestSend()
                        + ") by at least " + RECORDING_MARGIN + ": otherwise a slow send is retried while it is still sending");
            }
        }
    }
}
