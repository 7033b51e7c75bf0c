package io.notiledger.standalone;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets a clear RFC 7807 problem naming the field and the reason, and no notification is stored.
 */
@ExtendWith(SharedLedger.class)
class RequestValidationTest {

    static TestLedger ledger;
    static WebTestClient http;

    @BeforeAll
    static void connect(TestLedger shared) {
        ledger = shared;
        http = ledger.http();
    }

    @Test
    void malformedEmailAddressNamesTheRecipientField() {
        assertRefused(valid("recipient", "not-an-address"), 400, "recipient");
    }

    @Test
    void missingBodyNamesTheBodyField() {
        Map<String, Object> request = valid(null, null);
        request.remove("body");
        assertRefused(request, 400, "body");
    }

    @Test
    void unknownChannelNamesTheChannelField() {
        assertRefused(valid("channel", "FAX"), 400, "channel");
    }

    @Test
    void bodyOverTheDocumentedLimitNamesTheBodyField() {
        assertRefused(valid("body", "x".repeat(65_537)), 400, "body");
    }

    @Test
    void malformedJsonIsAProblemAtTheDocumentRoot() {
        long before = ledger.storedNotifications();
        http.post().uri("/v1/notifications").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"channel\": \"EMAIL\", \"recipient\": ")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field").isEqualTo("$")
                .jsonPath("$.errors[0].reason").value(reason -> assertThat((String) reason).contains("malformed JSON"));
        assertThat(ledger.storedNotifications()).isEqualTo(before);
    }

    @Test
    void wrongTypeNamesTheField() {
        assertRefused(valid("sendAt", "next tuesday"), 400, "sendAt");
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        Map<String, Object> request = new HashMap<>();
        request.put("channel", "EMAIL");
        request.put("recipient", "nobody");
        http.post().uri("/v1/notifications").bodyValue(request).exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'recipient')]").exists()
                .jsonPath("$.errors[?(@.field == 'subject')]").exists()
                .jsonPath("$.errors[?(@.field == 'body')]").exists();
    }

    @Test
    void channelWithoutADeliveryAdapterIsUnprocessable() {
        Map<String, Object> request = valid("channel", "SMS");
        request.put("recipient", "+4915112345678");
        long before = ledger.storedNotifications();
        http.post().uri("/v1/notifications").bodyValue(request).exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.code").isEqualTo("UNSUPPORTED_CHANNEL");
        assertThat(ledger.storedNotifications()).isEqualTo(before);
    }

    @Test
    void invalidTenantHeaderIsNamed() {
        long before = ledger.storedNotifications();
        http.post().uri("/v1/notifications").header("X-Tenant-Id", "no spaces allowed").bodyValue(valid(null, null))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("X-Tenant-Id");
        assertThat(ledger.storedNotifications()).isEqualTo(before);
    }

    @Test
    void nonJsonContentTypeIsRefused() {
        http.post().uri("/v1/notifications").contentType(MediaType.TEXT_PLAIN).bodyValue("hello").exchange()
                .expectStatus().isEqualTo(415)
                .expectHeader().contentType("application/problem+json");
    }

    private static Map<String, Object> valid(String field, Object value) {
        Map<String, Object> request = new HashMap<>(Map.of(
                "channel", "EMAIL", "recipient", "valid@example.com", "subject", "Hello", "body", "Body"));
        if (field != null) {
            request.put(field, value);
        }
        return request;
    }

    private static void assertRefused(Map<String, Object> request, int status, String field) {
        long before = ledger.storedNotifications();
        http.post().uri("/v1/notifications").bodyValue(request).exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field").isEqualTo(field)
                .jsonPath("$.errors[0].reason").isNotEmpty()
                .jsonPath("$.trace").doesNotExist();
        assertThat(ledger.storedNotifications()).isEqualTo(before);
    }
}
