package io.notiledger.command.web;

import io.notiledger.api.notification.Channel;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks a {@link SendNotificationRequest} and its headers; collects every violation, not just the first. */
@Component
public class SendNotificationRequestValidator {

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7E]+");

    private final RequestLimits limits;
    private final Clock clock;

    public SendNotificationRequestValidator(RequestLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public void validate(SendNotificationRequest request, String tenantId, String idempotencyKey) {
        List<FieldViolation> violations = new ArrayList<>();
        if (request == null) {
            throw new InvalidRequestException("$", "a JSON object is required");
        }
        checkHeaders(tenantId, idempotencyKey, violations);
        if (request.channel() == null) {
            violations.add(new FieldViolation("channel", "is required"));
        }
        checkRecipient(request, violations);
        checkContent(request, violations);
        checkSchedule(request.sendAt(), violations);
        maxLength("correlationId", request.correlationId(), limits.maxCorrelationIdChars(), violations);
        checkMetadata(request.metadata(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
    }

    public void validateTenant(String tenantId) {
        List<FieldViolation> violations = new ArrayList<>();
        checkHeaders(tenantId, null, violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
    }

    private void checkHeaders(String tenantId, String idempotencyKey, List<FieldViolation> violations) {
        if (tenantId != null && !TENANT.matcher(tenantId).matches()) {
            violations.add(new FieldViolation("X-Tenant-Id", "must be 1-64 letters, digits, '.', '_' or '-'"));
        }
        if (idempotencyKey != null && (idempotencyKey.length() > limits.maxIdempotencyKeyChars()
                || !PRINTABLE.matcher(idempotencyKey).matches())) {
            violations.add(new FieldViolation("Idempotency-Key",
                    "must be 1-" + limits.maxIdempotencyKeyChars() + " printable ASCII characters without spaces"));
        }
    }

    private void checkRecipient(SendNotificationRequest request, List<FieldViolation> violations) {
        String recipient = request.recipient();
        if (recipient == null || recipient.isBlank()) {
            violations.add(new FieldViolation("recipient", "is required"));
        } else if (recipient.length() > limits.maxRecipientChars()) {
            violations.add(new FieldViolation("recipient", "must be at most " + limits.maxRecipientChars() + " characters"));
        } else if (request.channel() == Channel.EMAIL && !isEmailAddress(recipient)) {
            violations.add(new FieldViolation("recipient", "must be an email address like name@example.com"));
        }
    }

    private void checkContent(SendNotificationRequest request, List<FieldViolation> violations) {
        if (request.channel() == Channel.EMAIL && (request.subject() == null || request.subject().isBlank())) {
            violations.add(new FieldViolation("subject", "is required for EMAIL"));
        } else if (request.subject() != null && request.subject().chars().anyMatch(c -> c == '\r' || c == '\n')) {
            violations.add(new FieldViolation("subject", "must be a single line"));
        }
        maxLength("subject", request.subject(), limits.maxSubjectChars(), violations);
        if (request.body() == null || request.body().isBlank()) {
            violations.add(new FieldViolation("body", "is required"));
        }
        maxLength("body", request.body(), limits.maxBodyChars(), violations);
    }

    private void checkSchedule(Instant sendAt, List<FieldViolation> violations) {
        if (sendAt != null && sendAt.isAfter(clock.instant().plus(limits.maxScheduleAhead()))) {
            violations.add(new FieldViolation("sendAt", "must be at most " + limits.maxScheduleAhead().toDays() + " days ahead"));
        }
    }

    private void checkMetadata(Map<String, String> metadata, List<FieldViolation> violations) {
        if (metadata == null) {
            return;
        }
        if (metadata.size() > limits.maxMetadataEntries()) {
            violations.add(new FieldViolation("metadata", "must have at most " + limits.maxMetadataEntries() + " entries"));
        }
        metadata.forEach((key, value) -> {
            if (key.isBlank() || key.length() > limits.maxMetadataKeyChars()) {
                violations.add(new FieldViolation("metadata", "keys must be 1-" + limits.maxMetadataKeyChars() + " characters"));
            }
            if (value == null) {
                violations.add(new FieldViolation("metadata." + key, "must not be null"));
            } else {
                maxLength("metadata." + key, value, limits.maxMetadataValueChars(), violations);
            }
        });
    }

    private static void maxLength(String field, String value, int max, List<FieldViolation> violations) {
        if (value != null && value.length() > max) {
            violations.add(new FieldViolation(field, "must be at most " + max + " characters, was " + value.length()));
        }
    }

    private static boolean isEmailAddress(String value) {
        try {
            InternetAddress address = new InternetAddress(value, true);
            String at = address.getAddress();
            int split = at.lastIndexOf('@');
            return !address.isGroup() && address.getPersonal() == null && at.equals(value)
                    && split > 0 && at.indexOf('.', split) > split + 1 && !at.endsWith(".");
        } catch (AddressException e) {
            return false;
        }
    }
}
