package io.notiledger.command.balancing;

import io.notiledger.command.delivery.DeliveryProcessor;
import io.notiledger.command.publishing.EventTopicPublisher;
import io.notiledger.operations.balancing.BalancingProperties;
import io.notiledger.operations.balancing.SegmentBalancer;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/** Several command sides share the delivery and publishing segments (their tokens are in the event store's database). */
@Configuration(proxyBeanMethods = false)
public class CommandSideBalancing {

    @Bean
    SegmentBalancer commandSideSegmentBalancer(JdbcTemplate jdbc, EventProcessingConfiguration processing,
                                               BalancingProperties properties) {
        return new SegmentBalancer(new JdbcInstanceRegistry(jdbc), processing,
                List.of(DeliveryProcessor.PROCESSING_GROUP, EventTopicPublisher.PROCESSING_GROUP), properties);
    }
}
