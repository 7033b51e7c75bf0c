package io.notiledger.command.notification;

/** Payload of the persistent deadline that queues a scheduled send or a retry when it falls due. */
public record DeliveryDue(int attemptNumber) {

    public static final String DEADLINE = "delivery-due";
}
