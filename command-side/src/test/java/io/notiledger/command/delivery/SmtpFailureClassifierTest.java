package io.notiledger.command.delivery;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpFailureClassifierTest {

    private static final String VENDOR = "smtp:mail.example.com:25";

    private static InternetAddress address(String value) throws AddressException {
        return new InternetAddress(value);
    }

    private static SMTPAddressFailedException recipientRejected(int code, String text) throws AddressException {
        return new SMTPAddressFailedException(address("nobody@example.com"), "RCPT TO:<nobody@example.com>", code, text);
    }

    private static SMTPSendFailedException sendRejected(int code, String text) {
        return new SMTPSendFailedException("DATA", code, text, null, new Address[0], new Address[0], new Address[0]);
    }

    private static void assertOutcome(DeliveryOutcome outcome, String errorCode, boolean retryable) {
        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.vendor()).isEqualTo(VENDOR);
        assertThat(outcome.vendorMessageId()).isNull();
        assertThat(outcome.errorCode()).isEqualTo(errorCode);
        assertThat(outcome.retryable()).isEqualTo(retryable);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {550, 551, 553, 554})
    void recipientRejectedWith5xxIsPermanent(int code) throws Exception {
        DeliveryOutcome outcome = SmtpFailureClassifier.classify(VENDOR,
                recipientRejected(code, code + " 5.1.1 <nobody@example.com>: user unknown"));

        assertOutcome(outcome, "SMTP_PERMANENT_REJECT", false);
        assertThat(outcome.errorMessage()).contains("user unknown");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {421, 450, 451, 452})
    void recipientRejectedWith4xxIsTransient(int code) throws Exception {
        DeliveryOutcome outcome = SmtpFailureClassifier.classify(VENDOR,
                recipientRejected(code, code + " 4.2.1 mailbox busy, try later"));

        assertOutcome(outcome, "SMTP_TRANSIENT_REJECT", true);
        assertThat(outcome.errorMessage()).contains("try later");
    }

    @Test
    void messageRefusedWith5xxIsPermanent() {
        DeliveryOutcome outcome = SmtpFailureClassifier.classify(VENDOR, sendRejected(554, "554 5.7.1 message rejected as spam"));

        assertOutcome(outcome, "SMTP_PERMANENT_REJECT", false);
        assertThat(outcome.errorMessage()).contains("rejected as spam");
    }

    @Test
    void messageRefusedWith4xxIsTransient() {
        DeliveryOutcome outcome = SmtpFailureClassifier.classify(VENDOR, sendRejected(451, "451 4.3.0 local error in processing"));

        assertOutcome(outcome, "SMTP_TRANSIENT_REJECT", true);
    }

    @Test
    void sendFailedWithARejectedRecipientBehindItIsPermanent() throws Exception {
        InternetAddress rejected = address("nobody@example.com");
        SendFailedException failure = new SendFailedException("Invalid Addresses",
                recipientRejected(550, "550 5.1.1 user unknown"), new Address[0], new Address[0], new Address[]{rejected});

        DeliveryOutcome outcome = SmtpFailureClassifier.classify(VENDOR, failure);

        assertOutcome(outcome, "SMTP_PERMANENT_REJECT", false);
        assertThat(outcome.errorMessage()).startsWith("Invalid Addresses").contains("invalid recipients: 1");
    }

    @Test
    void sendFailedWithATemporarilyRejectedRecipientBehindItIsTransient() throws Exception {
        SendFailedException failure = new SendFailedException("Invalid Addresses",
                recipientRejected(450, "450 4.2.0 greylisted"));

        assertOutcome(SmtpFailureClassifier.classify(VENDOR, failure), "SMTP_TRANSIENT_REJECT", true);
    }

    @Test
    void replyCodeIsFoundDeepInTheChain() throws Exception {
        MessagingException failure = new MessagingException("send failed",
                new SendFailedException("Invalid Addresses", recipientRejected(553, "553 mailbox name not allowed")));

        assertOutcome(SmtpFailureClassifier.classify(VENDOR, failure), "SMTP_PERMANENT_REJECT", false);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"421 4.3.2 Service not available, closing transmission channel", "450 greylisted, try again later"})
    void greetingWith4xxIsATransientReject(String greeting) {
        MessagingException failure = new MessagingException(
                "Got bad greeting from SMTP host: mail.example.com, port: 25, response: " + greeting);

        DeliveryOutcome outcome = SmtpFailureClassifier.classify(VENDOR, failure);

        assertOutcome(outcome, "SMTP_TRANSIENT_REJECT", true);
        assertThat(outcome.errorMessage()).contains(greeting);
    }

    @Test
    void greetingWith554IsPermanent() {
        MessagingException failure = new MessagingException(
                "Got bad greeting from SMTP host: mail.example.com, port: 25, response: 554 5.7.1 no SMTP service here");

        assertOutcome(SmtpFailureClassifier.classify(VENDOR, failure), "SMTP_PERMANENT_REJECT", false);
    }

    @Test
    void greetingCutOffWithoutAReplyIsAGenericRetryableError() {
        MessagingException failure = new MessagingException(
                "Got bad greeting from SMTP host: mail.example.com, port: 25, response: [EOF]");

        assertOutcome(SmtpFailureClassifier.classify(VENDOR, failure), "SMTP_ERROR", true);
    }

    @Test
    void descriptionCarriesTheNestedRecipientReplyCodeAndText() throws Exception {
        SendFailedException failure = new SendFailedException("Invalid Addresses",
                recipientRejected(550, "550 5.1.1 mailbox unavailable"), new Address[0], new Address[0],
                new Address[]{address("nobody@example.com")});

        assertThat(SmtpFailureClassifier.classify(VENDOR, failure).errorMessage())
                .isEqualTo("Invalid Addresses (invalid recipients: 1): 550 5.1.1 mailbox unavailable");
    }

    @Test
    void descriptionCarriesTheNestedSendReplyCodeAndText() {
        MessagingException failure = new MessagingException("send failed", sendRejected(452, "452 4.3.1 insufficient system storage"));

        DeliveryOutcome outcome = SmtpFailureClassifier.classify(VENDOR, failure);

        assertOutcome(outcome, "SMTP_TRANSIENT_REJECT", true);
        assertThat(outcome.errorMessage()).isEqualTo("send failed: 452 4.3.1 insufficient system storage");
    }

    @Test
    void addressesTheServerEchoesAreMaskedInTheDescription() throws Exception {
        DeliveryOutcome outcome = SmtpFailureClassifier.classify(VENDOR,
                recipientRejected(550, "550 5.1.1 <jane.doe@example.com>: Recipient address rejected"));

        assertThat(outcome.errorMessage()).isEqualTo("550 5.1.1 <[address]>: Recipient address rejected");
    }

    @Test
    void refusedConnectionIsRetryable() {
        SocketConnectException refused = new SocketConnectException("Using socket factory",
                new ConnectException("Connection refused"), "mail.example.com", 25, 5_000);

        DeliveryOutcome outcome = SmtpFailureClassifier.classify(VENDOR, new MailConnectException(refused));

        assertOutcome(outcome, "SMTP_CONNECTION_FAILED", true);
        assertThat(outcome.errorMessage()).contains("mail.example.com");
    }

    @Test
    void connectExceptionWrappedInAMessagingExceptionIsRetryable() {
        MessagingException failure = new MessagingException("Could not connect to SMTP host: mail.example.com, port: 25",
                new ConnectException("Connection refused"));

        assertOutcome(SmtpFailureClassifier.classify(VENDOR, failure), "SMTP_CONNECTION_FAILED", true);
    }

    @Test
    void unknownHostIsRetryable() {
        MessagingException failure = new MessagingException("Unknown SMTP host: mail.example.invalid",
                new UnknownHostException("mail.example.invalid"));

        assertOutcome(SmtpFailureClassifier.classify(VENDOR, failure), "SMTP_CONNECTION_FAILED", true);
    }

    @Test
    void readTimeoutIsRetryable() {
        MessagingException failure = new MessagingException("Exception reading response",
                new SocketTimeoutException("Read timed out"));

        DeliveryOutcome outcome = SmtpFailureClassifier.classify(VENDOR, failure);

        assertOutcome(outcome, "SMTP_TIMEOUT", true);
        assertThat(outcome.errorMessage()).isEqualTo("Exception reading response");
    }

    @Test
    void malformedAddressIsPermanent() {
        MessagingException failure = new AddressException("Missing final '@domain'", "no-at-sign");

        assertOutcome(SmtpFailureClassifier.classify(VENDOR, failure), "INVALID_ADDRESS", false);
    }

    @Test
    void rejectedCredentialsAreRetryable() {
        MessagingException failure = new AuthenticationFailedException("535 5.7.8 authentication failed");

        assertOutcome(SmtpFailureClassifier.classify(VENDOR, failure), "SMTP_AUTHENTICATION_FAILED", true);
    }

    @Test
    void anythingElseIsAGenericRetryableError() {
        assertOutcome(SmtpFailureClassifier.classify(VENDOR, new MessagingException("something odd")), "SMTP_ERROR", true);
    }

    @Test
    void longMessagesAreCutTo500Characters() {
        DeliveryOutcome outcome = SmtpFailureClassifier.classify(VENDOR, new MessagingException("x".repeat(2_000)));

        assertThat(outcome.errorMessage()).hasSize(500);
    }

    @Test
    void selfReferencingChainEnds() {
        MessagingException failure = new MessagingException("loop");
        failure.setNextException(failure);

        assertOutcome(SmtpFailureClassifier.classify(VENDOR, failure), "SMTP_ERROR", true);
    }
}
