package io.notiledger.api.event;

import org.axonframework.serialization.Revision;

/**
 * An operator asked to deliver a dead-lettered notification again.
 * <p>
 * Revision 2 added {@code runId}, the re-drive run that asked (null for a re-drive outside a run), so that the
 * notification can refuse a second re-drive by the same run; revision 1 events read with no run (see
 * {@code RedriveRequestedEvent1To2Upcaster}).
 */
@Revision("2")
public record RedriveRequestedEvent(String notificationId, String operator, String reason, String runId) {

    /** A re-drive outside a run. */
    public RedriveRequestedEvent(String notificationId, String operator, String reason) {
        this(notificationId, operator, reason, null);
    }
}
