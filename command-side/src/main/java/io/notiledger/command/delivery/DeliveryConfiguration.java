package io.notiledger.command.delivery;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * A failure of the delivery handler itself (the database unreachable while claiming, say) stops the
 * processor's token from moving: the event is handled again after a back-off instead of being skipped,
 * so no queued notification is left behind.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailDeliveryProperties.class)
public class DeliveryConfiguration {

    @Autowired
    void propagateDeliveryErrors(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(DeliveryProcessor.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}
