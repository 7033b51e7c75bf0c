package io.notiledger.command.redrive;

import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.NotificationStatus;
import io.notiledger.command.web.FieldViolation;
import io.notiledger.command.web.InvalidRequestException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** A checked {@link RedriveSelectionRequest}: every field valid, the run named. */
record RedriveSelection(String tenant, Instant since, Instant until, String errorCode, Channel channel, int limit,
                        String reason, String runId) {

    static final int DEFAULT_LIMIT = 10_000;
    static final int MAX_LIMIT = 100_000;
    static final int MAX_REASON = 500;
    static final int MAX_RUN_ID = 100;

    static RedriveSelection of(RedriveSelectionRequest request) {
        if (request == null) {
            throw new InvalidRequestException("body", "is required");
        }
        List<FieldViolation> violations = new ArrayList<>();
        checkStatus(request.status(), violations);
        checkReason(request.reason(), violations);
        if (request.since() != null && request.until() != null && !request.since().isBefore(request.until())) {
            violations.add(new FieldViolation("since", "must be before until"));
        }
        int limit = request.limit() == null ? DEFAULT_LIMIT : request.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            violations.add(new FieldViolation("limit", "must be between 1 and " + MAX_LIMIT));
        }
        Channel channel = null;
        if (request.channel() != null) {
            try {
                channel = Channel.valueOf(request.channel().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                violations.add(new FieldViolation("channel", "must be one of " + Arrays.toString(Channel.values())));
            }
        }
        checkRunId(request.runId(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        String runId = request.runId() != null ? request.runId() : runIdOf(request, limit);
        return new RedriveSelection(request.tenant(), request.since(), request.until(), request.errorCode(), channel,
                limit, request.reason().strip(), runId);
    }

    static void checkReason(String reason, List<FieldViolation> violations) {
        if (reason == null || reason.isBlank()) {
            violations.add(new FieldViolation("reason", "is required: say why these are sent again"));
        } else if (reason.length() > MAX_REASON) {
            violations.add(new FieldViolation("reason", "must be at most " + MAX_REASON + " characters"));
        }
    }

    static void checkRunId(String runId, List<FieldViolation> violations) {
        if (runId != null && (runId.isBlank() || runId.length() > MAX_RUN_ID)) {
            violations.add(new FieldViolation("runId", "must be 1 to " + MAX_RUN_ID + " characters"));
        }
    }

    private static void checkStatus(String status, List<FieldViolation> violations) {
        if (status == null) {
            violations.add(new FieldViolation("status", "is required (DEAD_LETTERED)"));
            return;
        }
        NotificationStatus known;
        try {
            known = NotificationStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            violations.add(new FieldViolation("status", "is not a status; known: " + Arrays.toString(NotificationStatus.values())));
            return;
        }
        if (known != NotificationStatus.DEAD_LETTERED) {
            violations.add(new FieldViolation("status", "only DEAD_LETTERED notifications can be re-driven"));
        }
    }

    /** The same selection with the same reason is the same run, so that running it again resumes it. */
    private static String runIdOf(RedriveSelectionRequest request, int limit) {
        String key = String.join("\n", String.valueOf(request.tenant()), String.valueOf(request.since()),
                String.valueOf(request.until()), String.valueOf(request.errorCode()),
                String.valueOf(request.channel() == null ? null : request.channel().toUpperCase(Locale.ROOT)),
                Integer.toString(limit), request.reason().strip());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "run-" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    boolean matches(RedriveCandidate candidate) {
        return (tenant == null || tenant.equals(candidate.tenant()))
                && (channel == null || channel == candidate.channel())
                && (errorCode == null || errorCode.equals(candidate.errorCode()));
    }
}
