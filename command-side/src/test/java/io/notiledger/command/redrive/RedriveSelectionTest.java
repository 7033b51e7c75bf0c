package io.notiledger.command.redrive;

import io.notiledger.api.notification.Channel;
import io.notiledger.command.web.FieldViolation;
import io.notiledger.command.web.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RedriveSelectionTest {

    private static final Instant SINCE = Instant.parse("2026-12-03T14:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-12-03T14:40:00Z");

    private static RedriveSelectionRequest request(String status, Instant since, Instant until, String reason, String runId) {
        return new RedriveSelectionRequest(status, "acme", since, until, "SMTP_PERMANENT_REJECT", "email", null, reason, runId);
    }

    @Test
    void theSameSelectionAndReasonIsTheSameRun() {
        RedriveSelection first = RedriveSelection.of(request("DEAD_LETTERED", SINCE, UNTIL, "vendor 5xx", null));
        RedriveSelection again = RedriveSelection.of(request("DEAD_LETTERED", SINCE, UNTIL, " vendor 5xx ", null));
        RedriveSelection otherReason = RedriveSelection.of(request("DEAD_LETTERED", SINCE, UNTIL, "vendor 5xx again", null));

        assertThat(again.runId()).isEqualTo(first.runId()).startsWith("run-");
        assertThat(otherReason.runId()).isNotEqualTo(first.runId());
        assertThat(first.channel()).isEqualTo(Channel.EMAIL);
        assertThat(first.limit()).isEqualTo(RedriveSelection.DEFAULT_LIMIT);
    }

    @Test
    void aGivenRunIdIsKept() {
        assertThat(RedriveSelection.of(request("DEAD_LETTERED", null, null, "r", "incident-42")).runId()).isEqualTo("incident-42");
    }

    @Test
    void everyBadFieldIsNamed() {
        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                () -> RedriveSelection.of(new RedriveSelectionRequest("SENDING", null, UNTIL, SINCE, null, "pigeon", 0, " ", "")));

        assertThat(refused.violations()).extracting(FieldViolation::field)
                .containsExactlyInAnyOrder("status", "reason", "since", "limit", "channel", "runId");
    }

    @Test
    void anUnknownStatusIsNamedAsSuch() {
        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                () -> RedriveSelection.of(request("BROKEN", null, null, "r", null)));

        assertThat(refused.violations()).singleElement().extracting(FieldViolation::reason).asString().contains("is not a status");
    }
}
