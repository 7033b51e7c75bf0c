package io.notiledger.command.delivery;

import io.notiledger.command.notification.RetryProperties;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.ObjectProvider;
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
 * A failure of the delivery handler itself (the database unreachable while claiming, say) stops the
 * processor's token from moving: the event is handled again after a back-off instead of being skipped,
 * so no queued notification is left behind.
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

    @Autowired
    void propagateDeliveryErrors(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(DeliveryProcessor.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }

    /** The processor's batch is delivered together once its last event has been handled. */
    @Autowired
    void deliverAtBatchEnd(EventProcessingConfigurer processing, ObjectProvider<DeliveryProcessor> delivery) {
        processing.registerHandlerInterceptor(DeliveryProcessor.PROCESSING_GROUP,
                configuration -> new DeliverAtBatchEnd(delivery.getObject()));
    }
}
