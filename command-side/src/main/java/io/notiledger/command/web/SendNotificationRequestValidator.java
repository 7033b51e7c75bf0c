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

/**
 * Checks a {@link SendNotificationRequest} and its headers; collects every violation, not just the first.
 * Every text is bounded and free of control characters (a body may hold line breaks and tabs), because
 * what is accepted is kept for good in the event store and travels on to mail headers, logs and views.
 */
@Component
public class SendNotificationRequestValidator {

    /** What a tenant id may be: it is chosen by an operator when making a key, and travels in every event. */
    public static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7E]+");
    private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9._-]+");
    private static final String CONTROL = "must not contain control characters";

    private final RequestLimits limits;
    private final Clock clock;

    public SendNotificationRequestValidator(RequestLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public void validate(SendNotificationRequest request, String idempotencyKey) {
        List<FieldViolation> violations = new ArrayList<>();
        if (request == null) {
            throw new InvalidRequestException("$", "a JSON object is required");
        }
        checkIdempotencyKey(idempotencyKey, violations);
        if (request.channel() == null) {
            violations.add(new FieldViolation("channel", "is required"));
        }
        checkRecipient(request, violations);
        checkContent(request, violations);
        checkSchedule(request.sendAt(), violations);
        checkText("correlationId", request.correlationId(), limits.maxCorrelationIdChars(), false, violations);
        checkMetadata(request.metadata(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
    }

    public void validateCancel(CancelNotificationRequest request) {
        List<FieldViolation> violations = new ArrayList<>();
        if (request != null) {
            checkText("reason", request.reason(), limits.maxReasonChars(), false, violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
    }

    private void checkIdempotencyKey(String idempotencyKey, List<FieldViolation> violations) {
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
        } else if (hasControl(recipient, false)) {
            violations.add(new FieldViolation("recipient", CONTROL));
        } else if (request.channel() == Channel.EMAIL && !recipient.chars().allMatch(c -> c < 0x80)) {
            // without SMTPUTF8 such an address would go out mangled; an IDN domain can be written as xn--...
            violations.add(new FieldViolation("recipient", "must be an ASCII email address: the ledger does not send "
                    + "SMTPUTF8 mail; write an internationalized domain in its xn-- form"));
        } else if (request.channel() == Channel.EMAIL && !isEmailAddress(recipient)) {
            violations.add(new FieldViolation("recipient", "must be an email address like name@example.com"));
        }
    }

    private void checkContent(SendNotificationRequest request, List<FieldViolation> violations) {
        String subject = request.subject();
        if (request.channel() == Channel.EMAIL && (subject == null || subject.isBlank())) {
            violations.add(new FieldViolation("subject", "is required for EMAIL"));
        } else if (subject != null && subject.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            violations.add(new FieldViolation("subject", "must be a single line"));
        } else {
            checkText("subject", subject, limits.maxSubjectChars(), false, violations);
        }
        if (request.body() == null || request.body().isBlank()) {
            violations.add(new FieldViolation("body", "is required"));
        } else {
            checkText("body", request.body(), limits.maxBodyChars(), true, violations);
        }
    }

    private void checkSchedule(Instant sendAt, List<FieldViolation> violations) {
        if (sendAt == null) {
            return;
        }
        Instant now = clock.instant();
        if (sendAt.isAfter(now.plus(limits.maxScheduleAhead()))) {
            violations.add(new FieldViolation("sendAt", "must be at most " + limits.maxScheduleAhead().toDays() + " days ahead"));
        } else if (sendAt.isBefore(now.minus(limits.maxScheduleBehind()))) {
            violations.add(new FieldViolation("sendAt", "must not lie more than " + describe(limits.maxScheduleBehind())
                    + " in the past; leave it out to send now"));
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
            } else if (!METADATA_KEY.matcher(key).matches()) {
                violations.add(new FieldViolation("metadata", "keys must be letters, digits, '.', '_' or '-'"));
            } else if (value == null) {
                violations.add(new FieldViolation("metadata." + key, "must not be null"));
            } else {
                checkText("metadata." + key, value, limits.maxMetadataValueChars(), false, violations);
            }
        });
    }

    /** At most {@code max} characters, and no control character (a multi-line text may hold CR, LF and tab). */
    private static void checkText(String field, String value, int max, boolean multiLine, List<FieldViolation> violations) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            maxLength(field, value, max, violations);
        } else if (hasControl(value, multiLine)) {
            violations.add(new FieldViolation(field, CONTROL));
        } else if (hasLoneSurrogate(value)) {
            violations.add(new FieldViolation(field, "must be valid Unicode text"));
        }
    }

    private static void maxLength(String field, String value, int max, List<FieldViolation> violations) {
        violations.add(new FieldViolation(field, "must be at most " + max + " characters, was " + value.length()));
    }

    private static boolean hasControl(String value, boolean multiLine) {
        return value.chars().anyMatch(c -> Character.getType(c) == Character.CONTROL
                && !(multiLine && (c == '\n' || c == '\r' || c == '\t')));
    }

    private static boolean hasLoneSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(java.time.Duration duration) {
        return duration.toMinutes() % 60 == 0 ? duration.toHours() + " h" : duration.toMinutes() + " min";
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
