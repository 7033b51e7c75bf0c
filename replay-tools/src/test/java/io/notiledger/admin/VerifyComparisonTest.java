package io.notiledger.admin;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyComparisonTest {

    private static final String ID = "0b6f0d6e-6a43-4b7e-9a4c-2f1c8e0d0001";
    private static final String OTHER = "0b6f0d6e-6a43-4b7e-9a4c-2f1c8e0d0002";

    private static void sentHistory(VerifyComparison comparison, String id) {
        comparison.stored(id, 0, "NotificationRequested", "tenant-a", Map.of("channel", "EMAIL", "priority", "NORMAL",
                "recipient", "j***@example.com", "correlationId", "c-1"));
        comparison.stored(id, 1, "NotificationQueued", null, Map.of());
        comparison.stored(id, 2, "DeliveryAttemptStarted", null, Map.of("attemptNumber", 1));
        comparison.stored(id, 3, "NotificationSent", null, Map.of("vendor", "smtp", "vendorMessageId", "m-1"));
    }

    @Test
    void aViewThatAgreesHasNoMismatch() {
        VerifyComparison comparison = new VerifyComparison();
        comparison.viewed(ID, "tenant-a", "SENT", 3L);
        sentHistory(comparison, ID);

        VerifyComparison.Result result = comparison.result();

        assertThat(result.mismatches()).isEmpty();
        assertThat(result.storeCounts()).isEqualTo(Map.of("SENT", 1L));
        assertThat(result.viewCounts()).isEqualTo(Map.of("SENT", 1L));
        assertThat(result.events()).isEqualTo(4);
        assertThat(result.notYetProjected()).isZero();
    }

    @Test
    void aLaggingViewIsComparedUpToWhatItApplied() {
        VerifyComparison comparison = new VerifyComparison();
        // the view applied up to the attempt's start; the sent event is not projected yet
        comparison.viewed(ID, "tenant-a", "SENDING", 2L);
        sentHistory(comparison, ID);

        VerifyComparison.Result result = comparison.result();

        assertThat(result.mismatches()).isEmpty();
        assertThat(result.notYetProjected()).isEqualTo(1);
        assertThat(result.lagging()).isEqualTo(1);
        assertThat(result.storeCounts()).isEqualTo(Map.of("SENDING", 1L));
    }

    @Test
    void aNotificationWithoutADocumentYetIsCountedNotCompared() {
        VerifyComparison comparison = new VerifyComparison();
        sentHistory(comparison, ID);

        VerifyComparison.Result result = comparison.result();

        assertThat(result.mismatches()).isEmpty();
        assertThat(result.notInView()).isEqualTo(1);
        assertThat(result.notYetProjected()).isEqualTo(4);
    }

    @Test
    void aWrongStatusIsAMismatchNamingTheFieldAndBothSides() {
        VerifyComparison comparison = new VerifyComparison();
        comparison.viewed(ID, "tenant-a", "DEAD_LETTERED", 3L);
        comparison.viewed(OTHER, "tenant-a", "SENT", 3L);
        sentHistory(comparison, ID);
        sentHistory(comparison, OTHER);

        VerifyComparison.Result result = comparison.result();

        assertThat(result.mismatches()).containsExactly(new VerifyComparison.Mismatch(ID, "status", "SENT", "DEAD_LETTERED"));
        assertThat(result.storeCounts()).isEqualTo(Map.of("SENT", 2L));
        assertThat(result.viewCounts()).isEqualTo(Map.of("SENT", 1L, "DEAD_LETTERED", 1L));
    }

    @Test
    void aViewAheadOfTheStoreOrWithoutEventsOrWithoutANumberIsAMismatch() {
        VerifyComparison comparison = new VerifyComparison();
        comparison.viewed(ID, "tenant-a", "SENT", 7L);
        comparison.viewed(OTHER, "tenant-a", "SENT", null);
        comparison.viewed("0b6f0d6e-6a43-4b7e-9a4c-2f1c8e0d0003", "tenant-a", "QUEUED", 1L);
        sentHistory(comparison, ID);
        sentHistory(comparison, OTHER);

        assertThat(comparison.result().mismatches()).containsExactly(
                new VerifyComparison.Mismatch(ID, "lastAppliedSequence", "3", "7"),
                new VerifyComparison.Mismatch(OTHER, "lastAppliedSequence", "3", "not a number"),
                new VerifyComparison.Mismatch("0b6f0d6e-6a43-4b7e-9a4c-2f1c8e0d0003", "notification", "no events",
                        "a document (QUEUED)"));
    }

    @Test
    void theFoldIsTheViewsOwnAFailedAttemptEntersNoStateAndARedriveNone() {
        VerifyComparison comparison = new VerifyComparison();
        comparison.viewed(ID, "tenant-a", "QUEUED", 6L);
        comparison.stored(ID, 0, "NotificationRequested", "tenant-a", Map.of("channel", "EMAIL", "priority", "NORMAL"));
        comparison.stored(ID, 1, "NotificationQueued", null, Map.of());
        comparison.stored(ID, 2, "DeliveryAttemptStarted", null, Map.of("attemptNumber", 1));
        comparison.stored(ID, 3, "DeliveryAttemptFailed", null, Map.of("errorCode", "SMTP_PERMANENT_REJECT"));
        comparison.stored(ID, 4, "NotificationDeadLettered", null, Map.of("lastErrorCode", "SMTP_PERMANENT_REJECT"));
        comparison.stored(ID, 5, "RedriveRequested", null, Map.of("reason", "incident"));
        comparison.stored(ID, 6, "NotificationQueued", null, Map.of());

        assertThat(comparison.result().mismatches()).isEmpty();
        assertThat(comparison.result().storeCounts()).isEqualTo(Map.of("QUEUED", 1L));
    }
}
