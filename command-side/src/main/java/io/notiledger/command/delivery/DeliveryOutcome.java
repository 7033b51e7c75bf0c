package io.notiledger.command.delivery;

/**
 * How one delivery attempt ended.
 *
 * @param vendorMessageId the vendor's id for the message when it was accepted
 * @param errorCode       a stable code when it was not (for example SMTP_CONNECTION_FAILED)
 * @param retryable       whether trying again later may succeed
 */
public record DeliveryOutcome(boolean delivered, String vendor, String vendorMessageId,
                              String errorCode, String errorMessage, boolean retryable) {

    public static DeliveryOutcome delivered(String vendor, String vendorMessageId) {
        return new DeliveryOutcome(true, vendor, vendorMessageId, null, null, false);
    }

    public static DeliveryOutcome failed(String vendor, String errorCode, String errorMessage, boolean retryable) {
        return new DeliveryOutcome(false, vendor, null, errorCode, errorMessage, retryable);
    }
}
