package io.notiledger.command.web;

import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SendNotificationRequestValidatorTest {

    private static final Instant NOW = Instant.parse("2025-03-01T09:00:00Z");
    /** The defaults documented on {@link RequestLimits} (and in openapi.yaml). */
    private static final RequestLimits DEFAULTS = new RequestLimits(65536, 998, 320, 128, 255, 20, 64, 512,
            Duration.ofDays(366));
    private static final String TENANT = "acme";
    private static final String KEY = "order-4711-confirmation";

    private final SendNotificationRequestValidator validator =
            new SendNotificationRequestValidator(DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));

    private static SendNotificationRequest email() {
        return new SendNotificationRequest(Channel.EMAIL, "user@example.com", "Your order", "It ships today.",
                null, Priority.NORMAL, "corr-1", Map.of("orderId", "4711"));
    }

    private static SendNotificationRequest with(Channel channel, String recipient, String subject, String body) {
        return new SendNotificationRequest(channel, recipient, subject, body, null, Priority.NORMAL, "corr-1", null);
    }

    private static SendNotificationRequest withSendAt(Instant sendAt) {
        SendNotificationRequest r = email();
        return new SendNotificationRequest(r.channel(), r.recipient(), r.subject(), r.body(), sendAt, r.priority(),
                r.correlationId(), r.metadata());
    }

    private static SendNotificationRequest withMetadata(Map<String, String> metadata) {
        SendNotificationRequest r = email();
        return new SendNotificationRequest(r.channel(), r.recipient(), r.subject(), r.body(), r.sendAt(), r.priority(),
                r.correlationId(), metadata);
    }

    private List<FieldViolation> violations(SendNotificationRequest request, String tenant, String key) {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> validator.validate(request, tenant, key));
        return e == null ? List.of() : e.violations();
    }

    private List<FieldViolation> violations(SendNotificationRequest request) {
        return violations(request, TENANT, KEY);
    }

    private static Map<String, String> entries(int count) {
        Map<String, String> metadata = new HashMap<>();
        for (int i = 0; i < count; i++) {
            metadata.put("key" + i, "value" + i);
        }
        return metadata;
    }

    @Test
    void validRequestPasses() {
        assertThatCode(() -> validator.validate(email(), TENANT, KEY)).doesNotThrowAnyException();
    }

    @Test
    void headersAreOptional() {
        assertThatCode(() -> validator.validate(email(), null, null)).doesNotThrowAnyException();
    }

    @Test
    void missingBodyObjectIsRefused() {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> validator.validate(null, TENANT, KEY));

        assertThat(e.violations()).containsExactly(new FieldViolation("$", "a JSON object is required"));
    }

    // ---------------------------------------------------------------- channel and recipient

    @Test
    void missingChannelIsRefused() {
        assertThat(violations(with(null, "user@example.com", "s", "b")))
                .containsExactly(new FieldViolation("channel", "is required"));
    }

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t\n"})
    void missingOrBlankRecipientIsRefused(String recipient) {
        assertThat(violations(with(Channel.EMAIL, recipient, "s", "b")))
                .containsExactly(new FieldViolation("recipient", "is required"));
    }

    @Test
    void recipientOverTheLimitIsRefused() {
        String tooLong = "a".repeat(300) + "@" + "b".repeat(16) + ".com"; // 321 characters

        assertThat(violations(with(Channel.EMAIL, tooLong, "s", "b")))
                .containsExactly(new FieldViolation("recipient", "must be at most 320 characters"));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
            "a@b",
            "no-at-sign",
            "Name <a@example.com>",
            "<a@example.com>",
            "a@example.com (work)",
            " a@example.com",
            "a@example.com.",
            "a..b@example.com",
            "a b@example.com",
            "@example.com",
            "a@.example.com",
            "a@example..com",
            "a@example.com, b@example.com",
            "a@@example.com"})
    void malformedEmailAddressIsRefused(String recipient) {
        assertThat(violations(with(Channel.EMAIL, recipient, "s", "b")))
                .containsExactly(new FieldViolation("recipient", "must be an email address like name@example.com"));
    }

    /**
     * RFC 5322 group syntax names several mailboxes in one string; one notification has exactly one
     * recipient, and the SMTP sender would deliver to every member of the group.
     */
    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"friends: a@example.com, b@example.org;", "undisclosed: a@example.com;"})
    void groupOfAddressesIsRefused(String recipient) {
        assertThat(violations(with(Channel.EMAIL, recipient, "s", "b")))
                .containsExactly(new FieldViolation("recipient", "must be an email address like name@example.com"));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"user@example.com", "first.last+tag@mail.example.co.uk", "x@a.io", "o'brien@example.ie"})
    void validEmailAddressPasses(String recipient) {
        assertThat(violations(with(Channel.EMAIL, recipient, "s", "b"))).isEmpty();
    }

    @Test
    void recipientOfAnotherChannelIsNotCheckedAsAnEmailAddress() {
        assertThat(violations(with(Channel.SMS, "+4915112345678", null, "b"))).isEmpty();
    }

    // ---------------------------------------------------------------- subject and body

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void subjectIsRequiredForEmail(String subject) {
        assertThat(violations(with(Channel.EMAIL, "user@example.com", subject, "b")))
                .containsExactly(new FieldViolation("subject", "is required for EMAIL"));
    }

    @Test
    void subjectIsOptionalForOtherChannels() {
        assertThat(violations(with(Channel.PUSH, "device-token-1", null, "b"))).isEmpty();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"first\nsecond", "first\r\nsecond", "first\rsecond", "trailing newline\n"})
    void multiLineSubjectIsRefused(String subject) {
        assertThat(violations(with(Channel.EMAIL, "user@example.com", subject, "b")))
                .containsExactly(new FieldViolation("subject", "must be a single line"));
    }

    @Test
    void multiLineSubjectIsRefusedOnOtherChannelsToo() {
        assertThat(violations(with(Channel.PUSH, "device-token-1", "a\nb", "b")))
                .containsExactly(new FieldViolation("subject", "must be a single line"));
    }

    @Test
    void subjectOverTheLimitIsRefused() {
        assertThat(violations(with(Channel.EMAIL, "user@example.com", "s".repeat(999), "b")))
                .containsExactly(new FieldViolation("subject", "must be at most 998 characters, was 999"));
        assertThat(violations(with(Channel.EMAIL, "user@example.com", "s".repeat(998), "b"))).isEmpty();
    }

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {" \n "})
    void bodyIsRequired(String body) {
        assertThat(violations(with(Channel.EMAIL, "user@example.com", "s", body)))
                .containsExactly(new FieldViolation("body", "is required"));
    }

    @Test
    void bodyOverTheLimitIsRefusedNamingTheLimit() {
        List<FieldViolation> violations = violations(with(Channel.EMAIL, "user@example.com", "s", "b".repeat(65_537)));

        assertThat(violations).containsExactly(new FieldViolation("body", "must be at most 65536 characters, was 65537"));
        assertThat(violations.get(0).reason()).contains("65536");
    }

    @Test
    void bodyAtTheLimitPasses() {
        assertThat(violations(with(Channel.EMAIL, "user@example.com", "s", "b".repeat(65_536)))).isEmpty();
    }

    // ---------------------------------------------------------------- schedule

    @Test
    void sendAtTooFarAheadIsRefused() {
        assertThat(violations(withSendAt(NOW.plus(Duration.ofDays(366)).plusSeconds(1))))
                .containsExactly(new FieldViolation("sendAt", "must be at most 366 days ahead"));
    }

    @Test
    void sendAtAtTheLimitPasses() {
        assertThat(violations(withSendAt(NOW.plus(Duration.ofDays(366))))).isEmpty();
    }

    @Test
    void sendAtInThePastPasses() {
        assertThat(violations(withSendAt(NOW.minus(Duration.ofDays(3))))).isEmpty();
    }

    // ---------------------------------------------------------------- headers

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "acme corp", "acme/eu", "ténant", "a;b"})
    void badTenantHeaderIsRefused(String tenant) {
        assertThat(violations(email(), tenant, KEY))
                .containsExactly(new FieldViolation("X-Tenant-Id", "must be 1-64 letters, digits, '.', '_' or '-'"));
    }

    @Test
    void tenantHeaderOverSixtyFourCharactersIsRefused() {
        assertThat(violations(email(), "t".repeat(65), KEY)).extracting(FieldViolation::field).containsExactly("X-Tenant-Id");
        assertThat(violations(email(), "t".repeat(64), KEY)).isEmpty();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"acme", "ACME-eu_1.prod", "7"})
    void wellFormedTenantHeaderPasses(String tenant) {
        assertThat(violations(email(), tenant, KEY)).isEmpty();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "has space", "tab\there", "naïve", "line\nbreak"})
    void badIdempotencyKeyIsRefused(String key) {
        assertThat(violations(email(), TENANT, key)).containsExactly(new FieldViolation("Idempotency-Key",
                "must be 1-255 printable ASCII characters without spaces"));
    }

    @Test
    void idempotencyKeyOverTheLimitIsRefused() {
        assertThat(violations(email(), TENANT, "k".repeat(256))).extracting(FieldViolation::field)
                .containsExactly("Idempotency-Key");
        assertThat(violations(email(), TENANT, "k".repeat(255))).isEmpty();
    }

    @Test
    void validateTenantChecksOnlyTheTenant() {
        assertThatThrownBy(() -> validator.validateTenant("bad tenant"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field).containsExactly("X-Tenant-Id"));
        assertThatCode(() -> validator.validateTenant("acme")).doesNotThrowAnyException();
        assertThatCode(() -> validator.validateTenant(null)).doesNotThrowAnyException();
    }

    // ---------------------------------------------------------------- correlation id and metadata

    @Test
    void correlationIdOverTheLimitIsRefused() {
        SendNotificationRequest r = email();
        SendNotificationRequest longCorrelation = new SendNotificationRequest(r.channel(), r.recipient(), r.subject(),
                r.body(), null, r.priority(), "c".repeat(129), r.metadata());

        assertThat(violations(longCorrelation))
                .containsExactly(new FieldViolation("correlationId", "must be at most 128 characters, was 129"));
    }

    @Test
    void metadataWithTooManyEntriesIsRefused() {
        assertThat(violations(withMetadata(entries(21))))
                .containsExactly(new FieldViolation("metadata", "must have at most 20 entries"));
        assertThat(violations(withMetadata(entries(20)))).isEmpty();
    }

    @Test
    void metadataValueOverTheLimitIsRefused() {
        assertThat(violations(withMetadata(Map.of("note", "v".repeat(513)))))
                .containsExactly(new FieldViolation("metadata.note", "must be at most 512 characters, was 513"));
        assertThat(violations(withMetadata(Map.of("note", "v".repeat(512))))).isEmpty();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " "})
    void blankMetadataKeyIsRefused(String key) {
        assertThat(violations(withMetadata(Map.of(key, "v"))))
                .containsExactly(new FieldViolation("metadata", "keys must be 1-64 characters"));
    }

    @Test
    void metadataKeyOverTheLimitIsRefused() {
        assertThat(violations(withMetadata(Map.of("k".repeat(65), "v"))))
                .containsExactly(new FieldViolation("metadata", "keys must be 1-64 characters"));
    }

    @ParameterizedTest
    @NullSource
    void nullMetadataValueIsRefused(String value) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put("note", value);

        assertThat(violations(withMetadata(metadata))).containsExactly(new FieldViolation("metadata.note", "must not be null"));
    }

    // ---------------------------------------------------------------- everything at once

    @Test
    void allViolationsAreReportedTogether() {
        Map<String, String> metadata = entries(21);
        metadata.put("long", "v".repeat(513));
        SendNotificationRequest bad = new SendNotificationRequest(Channel.EMAIL, "a@b", "two\nlines",
                "b".repeat(65_537), NOW.plus(Duration.ofDays(400)), Priority.HIGH, "c".repeat(129), metadata);

        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> validator.validate(bad, "bad tenant", "bad key"));

        assertThat(e.violations()).extracting(FieldViolation::field).containsExactlyInAnyOrder(
                "X-Tenant-Id", "Idempotency-Key", "recipient", "subject", "body", "sendAt", "correlationId",
                "metadata", "metadata.long");
        assertThat(e.getMessage()).startsWith("9 invalid field(s)");
    }

    @Test
    void missingFieldsAreReportedTogether() {
        SendNotificationRequest empty = new SendNotificationRequest(null, null, null, null, null, null, null, null);

        assertThat(violations(empty)).containsExactlyInAnyOrder(
                new FieldViolation("channel", "is required"),
                new FieldViolation("recipient", "is required"),
                new FieldViolation("body", "is required"));
    }
}
