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
            Duration.ofDays(366), Duration.ofHours(1), 500);
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

    private List<FieldViolation> violations(SendNotificationRequest request, String key) {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> validator.validate(request, key));
        return e == null ? List.of() : e.violations();
    }

    private List<FieldViolation> violations(SendNotificationRequest request) {
        return violations(request, KEY);
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
        assertThatCode(() -> validator.validate(email(), KEY)).doesNotThrowAnyException();
    }

    @Test
    void headersAreOptional() {
        assertThatCode(() -> validator.validate(email(), null)).doesNotThrowAnyException();
    }

    @Test
    void missingBodyObjectIsRefused() {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> validator.validate(null, KEY));

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

    /** The ledger does not speak SMTPUTF8: such an address would leave as mangled bytes in RCPT TO. */
    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"jöhn@exämple.com", "john@exämple.com", "jöhn@example.com", "用户@例子.广告"})
    void nonAsciiEmailAddressIsRefusedSayingWhy(String recipient) {
        assertThat(violations(with(Channel.EMAIL, recipient, "s", "b"))).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("recipient");
            assertThat(v.reason()).contains("ASCII").contains("SMTPUTF8").contains("xn--");
        });
    }

    @Test
    void internationalizedDomainInItsAsciiFormPasses() {
        assertThat(violations(with(Channel.EMAIL, "john@xn--exmple-cua.com", "s", "b"))).isEmpty();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"a\u0000b@example.com", "a@example.com\u0007", "\u001b[31m@example.com"})
    void recipientWithControlCharactersIsRefused(String recipient) {
        assertThat(violations(with(Channel.EMAIL, recipient, "s", "b")))
                .containsExactly(new FieldViolation("recipient", "must not contain control characters"));
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

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"null\u0000byte", "bell\u0007", "escape\u001b[2J", "delete\u007f", "c1\u0085"})
    void controlCharactersAreRefusedInEveryTextField(String text) {
        SendNotificationRequest r = email();
        SendNotificationRequest bad = new SendNotificationRequest(r.channel(), r.recipient(), text, text, null,
                r.priority(), text, Map.of("note", text));

        assertThat(violations(bad)).containsExactlyInAnyOrder(
                new FieldViolation("subject", "must not contain control characters"),
                new FieldViolation("body", "must not contain control characters"),
                new FieldViolation("correlationId", "must not contain control characters"),
                new FieldViolation("metadata.note", "must not contain control characters"));
    }

    @Test
    void bodyMayHoldLineBreaksAndTabs() {
        assertThat(violations(with(Channel.EMAIL, "user@example.com", "s", "Dear Jane,\r\n\n\tthanks.\n"))).isEmpty();
    }

    @Test
    void loneSurrogateIsRefused() {
        assertThat(violations(with(Channel.EMAIL, "user@example.com", "s", "half \ud83d of an emoji")))
                .containsExactly(new FieldViolation("body", "must be valid Unicode text"));
        assertThat(violations(with(Channel.EMAIL, "user@example.com", "s", "a whole \ud83d\ude00 emoji"))).isEmpty();
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
    void sendAtUpToAnHourAgoPasses() {
        assertThat(violations(withSendAt(NOW.minus(Duration.ofHours(1))))).isEmpty();
    }

    @Test
    void sendAtFurtherInThePastIsRefused() {
        assertThat(violations(withSendAt(NOW.minus(Duration.ofHours(1)).minusSeconds(1))))
                .containsExactly(new FieldViolation("sendAt", "must not lie more than 1 h in the past; leave it out to send now"));
        assertThat(violations(withSendAt(Instant.EPOCH.minusSeconds(1)))).extracting(FieldViolation::field).containsExactly("sendAt");
    }

    // ---------------------------------------------------------------- headers

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "has space", "tab\there", "naïve", "line\nbreak"})
    void badIdempotencyKeyIsRefused(String key) {
        assertThat(violations(email(), key)).containsExactly(new FieldViolation("Idempotency-Key",
                "must be 1-255 printable ASCII characters without spaces"));
    }

    @Test
    void idempotencyKeyOverTheLimitIsRefused() {
        assertThat(violations(email(), "k".repeat(256))).extracting(FieldViolation::field)
                .containsExactly("Idempotency-Key");
        assertThat(violations(email(), "k".repeat(255))).isEmpty();
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

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"has space", "semi;colon", "$where", "naïve", "a/b"})
    void metadataKeyOutsideTheSafeCharactersIsRefused(String key) {
        assertThat(violations(withMetadata(Map.of(key, "v"))))
                .containsExactly(new FieldViolation("metadata", "keys must be letters, digits, '.', '_' or '-'"));
    }

    @Test
    void cancellationReasonIsBoundedAndPrintable() {
        assertThatCode(() -> validator.validateCancel(null)).doesNotThrowAnyException();
        assertThatCode(() -> validator.validateCancel(new CancelNotificationRequest("customer asked"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> validator.validateCancel(new CancelNotificationRequest("r".repeat(501))))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .containsExactly(new FieldViolation("reason", "must be at most 500 characters, was 501")));
        assertThatThrownBy(() -> validator.validateCancel(new CancelNotificationRequest("a\u0000b")))
                .isInstanceOf(InvalidRequestException.class);
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
                () -> validator.validate(bad, "bad key"));

        assertThat(e.violations()).extracting(FieldViolation::field).containsExactlyInAnyOrder(
                "Idempotency-Key", "recipient", "subject", "body", "sendAt", "correlationId",
                "metadata", "metadata.long");
        assertThat(e.getMessage()).startsWith("8 invalid field(s)");
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
