package io.notiledger.api.notification;

/**
 * Meta-data keys every ledger message carries. They are copied from a command to the events it causes
 * and become Kafka headers ({@code axon-metadata-<key>}).
 */
public final class LedgerMetaData {

    public static final String TENANT_ID = "tenantId";
    public static final String CORRELATION_ID = "correlationId";
    public static final String ACTOR = "actor";
    /**
     * Set (to {@code true}) by the HTTP edge on a command an operator sends: it may act on a notification of any
     * tenant, and carries no {@link #TENANT_ID} of its own, so the events keep the notification's tenant.
     * Only on commands; never copied to events.
     */
    public static final String ANY_TENANT = "anyTenant";

    private LedgerMetaData() {
    }
}
