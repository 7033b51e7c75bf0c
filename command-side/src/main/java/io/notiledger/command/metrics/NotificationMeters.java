package io.notiledger.command.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.notiledger.api.event.DeliveryAttemptFailedEvent;
import io.notiledger.api.event.NotificationDeadLetteredEvent;
import io.notiledger.api.event.NotificationRequestedEvent;
import io.notiledger.api.event.NotificationSentEvent;
import io.notiledger.api.notification.LedgerMetaData;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;

/**
 * Counts what happens to notifications, by channel and tenant, as this instance stores the events: requested,
 * sent, failed attempts (also by error code) and dead-lettered. It runs in a subscribing processor, so each event
 * is counted by the instance that stored it, once, and a replay counts nothing; Prometheus sums the instances.
 * An event whose command's transaction fails after it was stored is counted nevertheless (rare: the append itself
 * succeeded).
 */
@ProcessingGroup(NotificationMeters.PROCESSING_GROUP)
public class NotificationMeters {

    public static final String PROCESSING_GROUP = "ledger-metrics";
    public static final String REQUESTED = "ledger.notifications.requested";
    public static final String SENT = "ledger.notifications.sent";
    public static final String FAILED_ATTEMPTS = "ledger.delivery.attempts.failed";
    public static final String DEAD_LETTERED = "ledger.notifications.dead.lettered";

    private final MeterRegistry registry;
    private final NotificationOrigins origins;

    public NotificationMeters(MeterRegistry registry, NotificationOrigins origins) {
        this.registry = registry;
        this.origins = origins;
    }

    @EventHandler
    public void on(NotificationRequestedEvent event) {
        count(REQUESTED, "Notifications requested (accepted and stored)", event.channel().name(), event.tenantId());
    }

    @EventHandler
    public void on(NotificationSentEvent event, @MetaDataValue(LedgerMetaData.TENANT_ID) String tenant) {
        // the delivery's command carries the tenant; the store is read only for a sent event without it
        String sentFor = tenant != null ? tenant : origins.of(event.notificationId()).tenant();
        count(SENT, "Notifications sent", event.channel().name(), sentFor);
    }

    @EventHandler
    public void on(DeliveryAttemptFailedEvent event) {
        NotificationOrigin origin = origins.of(event.notificationId());
        Counter.builder(FAILED_ATTEMPTS).description("Delivery attempts that failed, by error code")
                .tag("channel", origin.channel()).tag("tenant", origin.tenant()).tag("code", event.errorCode())
                .register(registry).increment();
    }

    @EventHandler
    public void on(NotificationDeadLetteredEvent event) {
        NotificationOrigin origin = origins.of(event.notificationId());
        count(DEAD_LETTERED, "Notifications dead-lettered (no further attempt)", origin.channel(), origin.tenant());
    }

    private void count(String name, String description, String channel, String tenant) {
        Counter.builder(name).description(description).tag("channel", channel).tag("tenant", tenant)
                .register(registry).increment();
    }
}
