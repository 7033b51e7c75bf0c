package io.notiledger.api.notification;

/**
 * Meta-data keys every ledger message carries. They are copied from a command to the events it causes
 * and become Kafka headers ({@code axon-metadata-<key>}).
 */
public final class LedgerMetaData {

    public static final String TENANT_ID = "tenantId";
    public static final String CORRELATION_ID = "correlationId";
    public static final String ACTOR = "actor";

    private LedgerMetaData() {
    }
}
