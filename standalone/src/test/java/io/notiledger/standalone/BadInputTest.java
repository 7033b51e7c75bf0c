package io.notiledger.standalone;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile but fair client: malformed and oversized requests of every kind (bodies, every field, numbers
 * out of range, encodings, headers, ids, methods, sizes, broken framing), each answered with its 4xx status
 * and an RFC 7807 problem carrying a {@code code}. After all of them the event store holds no notification
 * they created, nothing was logged at ERROR, and the next good request is still delivered end to end.
 */
@ExtendWith(SharedLedger.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {

    private static final org.slf4j.Logger figures = LoggerFactory.getLogger(BadInputTest.class);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOTIFICATIONS = "/v1/notifications";

    static TestLedger ledger;
    static String senderKey;
    static int port;
    static long storedBefore;
    static ListAppender<ILoggingEvent> log;
    static int refused;

    @BeforeAll
    static void connect(TestLedger shared) {
        ledger = shared;
        port = Integer.parseInt(ledger.property("local.server.port"));
        senderKey = ledger.createKey("bad-input", "sender");
        storedBefore = ledger.storedNotifications();
        log = new ListAppender<>();
        log.start();
        root().addAppender(log);
    }

    @AfterAll
    static void detach() {
        root().detachAppender(log);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** One hostile request and what the ledger must answer: a status, a code and, for a field's fault, the field. */
    record Case(String name, byte[] request, int status, String code, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> everyHostileRequestIsRefusedWithAProblem() {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> assertRefused(c)));
    }

    @Test
    @Order(2)
    void everyViolationOfOneRequestIsReportedAtOnce() throws IOException {
        RawHttp.Response answer = send(post("{\"channel\":\"EMAIL\",\"recipient\":\"nobody\"}"));

        assertThat(answer.status()).isEqualTo(400);
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("errors").findValuesAsText("field")).contains("recipient", "subject", "body");
    }

    @Test
    @Order(3)
    void nothingWasStoredAndNothingLoggedAsAnError() {
        assertThat(ledger.storedNotifications()).as("notifications stored by refused requests").isEqualTo(storedBefore);
        List<String> errors = log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
        assertThat(errors).as("ERROR log lines while refusing bad input").isEmpty();
        figures.info("bad-input refused={} stored={} error_logs={} warn_logs={}", refused,
                ledger.storedNotifications() - storedBefore, errors.size(),
                log.list.stream().filter(e -> e.getLevel() == Level.WARN).count());
    }

    @Test
    @Order(4)
    void theNextGoodRequestIsDeliveredEndToEnd() {
        LedgerClient client = new LedgerClient(ledger.http());

        String id = client.send(LedgerClient.email("after-the-storm@example.com", "Still standing"));

        client.awaitStatus(id, "SENT");
        assertThat(ledger.storedNotifications()).isEqualTo(storedBefore + 1);
    }

    private static void assertRefused(Case c) throws IOException {
        RawHttp.Response answer = send(c.request());
        assertThat(answer.status()).as(c.name() + ": status (body %s)", answer.text()).isEqualTo(c.status());
        assertThat(answer.header("Content-Type")).as(c.name() + ": content type").startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("status").asInt()).as(c.name() + ": status field").isEqualTo(c.status());
        assertThat(problem.path("code").asText()).as(c.name() + ": code in %s", problem).isEqualTo(c.code());
        assertThat(problem.path("type").asText()).as(c.name() + ": type").startsWith("urn:notiledger:problem:");
        assertThat(problem.path("title").asText()).as(c.name() + ": title").isNotBlank();
        assertThat(problem.has("trace")).as(c.name() + ": no stack trace").isFalse();
        if (c.field() != null) {
            assertThat(problem.path("errors").findValuesAsText("field")).as(c.name() + ": fields in %s", problem)
                    .contains(c.field());
        }
        refused++;
    }

    private static RawHttp.Response send(byte[] request) throws IOException {
        return RawHttp.exchange(port, request, Duration.ofSeconds(30));
    }

    // ------------------------------------------------------------------------------------ the cases

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        String unknownId = UUID.randomUUID().toString();
        String past = Instant.now().minus(Duration.ofDays(2)).toString();
        String farAhead = Instant.now().plus(Duration.ofDays(400)).toString();

        // the document
        cases.add(invalid("truncated JSON", post("{\"channel\": \"EMAIL\", \"recipient\": "), "$"));
        cases.add(invalid("empty body", post(""), "$"));
        cases.add(invalid("a JSON array", post("[]"), "$"));
        cases.add(invalid("a JSON string", post("\"send it\""), "$"));
        cases.add(invalid("JSON null", post("null"), "$"));
        cases.add(invalid("a second document after the first", post(email() + " {}"), "$"));
        cases.add(invalid("an unknown field (bcc)", post(email("bcc", str("boss@example.com"))), "bcc"));
        cases.add(invalid("a field given twice", post(email().replace("{", "{\"channel\":\"SMS\",")), "channel"));
        cases.add(invalid("the recipient given twice", post(email().replace("}", ",\"recipient\":\"other@example.com\"}")), "recipient"));
        cases.add(invalid("nested 2,000 levels deep", post(email("metadata", "[".repeat(2000) + "]".repeat(2000))), null));
        cases.add(invalid("a number of 5,000 digits", post(email("correlationId", "1".repeat(5000))), null));
        cases.add(invalid("bytes that are not UTF-8", post(bytes(email().replace("Hello", "\u0000"), (byte) 0xC3, (byte) 0x28)), null));
        cases.add(invalid("a gzip body as JSON", request("POST", NOTIFICATIONS, Map.of("Content-Type", "application/json",
                "Content-Encoding", "gzip"), new byte[]{0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3}), "$"));

        // channel
        cases.add(invalid("an unknown channel", post(email("channel", str("FAX"))), "channel"));
        cases.add(invalid("a lowercase channel", post(email("channel", str("email"))), "channel"));
        cases.add(invalid("a channel as a number", post(email("channel", "0")), "channel"));
        cases.add(invalid("no channel", post(email("channel", null)), "channel"));

        // recipient
        cases.add(invalid("no recipient", post(email("recipient", null)), "recipient"));
        cases.add(invalid("a recipient that is no address", post(email("recipient", str("not-an-address"))), "recipient"));
        cases.add(invalid("a recipient as a number", post(email("recipient", "5")), "recipient"));
        cases.add(invalid("a recipient as an array", post(email("recipient", "[\"a@example.com\",\"b@example.com\"]")), "recipient"));
        cases.add(invalid("a recipient as an object", post(email("recipient", "{\"to\":\"a@example.com\"}")), "recipient"));
        cases.add(invalid("a recipient with a display name", post(email("recipient", str("Jane <jane@example.com>"))), "recipient"));
        cases.add(invalid("a group of recipients", post(email("recipient", str("all: a@example.com, b@example.com;"))), "recipient"));
        cases.add(invalid("an internationalized address (no SMTPUTF8)", post(email("recipient", str("jöhn@exämple.com"))), "recipient"));
        cases.add(invalid("a NUL in the recipient", post(email("recipient", str("a\u0000b@example.com"))), "recipient"));
        cases.add(invalid("a header injected through the recipient", post(email("recipient", str("a@example.com\r\nBcc: all@example.com"))), "recipient"));
        cases.add(invalid("a recipient of 400 characters", post(email("recipient", str("a".repeat(388) + "@example.com"))), "recipient"));

        // subject
        cases.add(invalid("no subject for EMAIL", post(email("subject", null)), "subject"));
        cases.add(invalid("a header injected through the subject", post(email("subject", str("Hi\r\nBcc: all@example.com"))), "subject"));
        cases.add(invalid("a subject of 999 characters", post(email("subject", str("s".repeat(999)))), "subject"));
        cases.add(invalid("an escape sequence in the subject", post(email("subject", str("\u001b[2J cleared"))), "subject"));
        cases.add(invalid("a subject as a boolean", post(email("subject", "true")), "subject"));

        // body
        cases.add(invalid("no body", post(email("body", null)), "body"));
        cases.add(invalid("a blank body", post(email("body", str(" \n\t "))), "body"));
        cases.add(invalid("a body of 65,537 characters", post(email("body", str("b".repeat(65_537)))), "body"));
        cases.add(invalid("a NUL in the body", post(email("body", str("before\u0000after"))), "body"));
        cases.add(invalid("half a surrogate pair in the body", post(email("body", "\"half \\ud83d of a smile\"")), "body"));

        // sendAt
        cases.add(invalid("sendAt -1 (1969)", post(email("sendAt", "-1")), "sendAt"));
        cases.add(invalid("sendAt 1e300", post(email("sendAt", "1e300")), "sendAt"));
        cases.add(invalid("sendAt in the year -999999999", post(email("sendAt", str("-999999999-01-01T00:00:00Z"))), "sendAt"));
        cases.add(invalid("sendAt in the year +999999999", post(email("sendAt", str("+999999999-12-31T23:59:59Z"))), "sendAt"));
        cases.add(invalid("sendAt on the 45th of the 13th month", post(email("sendAt", str("2026-13-45T00:00:00Z"))), "sendAt"));
        cases.add(invalid("sendAt without an offset", post(email("sendAt", str("2030-01-01T00:00:00"))), "sendAt"));
        cases.add(invalid("sendAt as a date only", post(email("sendAt", str("2030-01-01"))), "sendAt"));
        cases.add(invalid("sendAt in words", post(email("sendAt", str("next tuesday"))), "sendAt"));
        cases.add(invalid("sendAt as an object", post(email("sendAt", "{\"seconds\":1}")), "sendAt"));
        cases.add(invalid("sendAt two days ago", post(email("sendAt", str(past))), "sendAt"));
        cases.add(invalid("sendAt 400 days ahead", post(email("sendAt", str(farAhead))), "sendAt"));

        // priority and correlation id
        cases.add(invalid("an unknown priority", post(email("priority", str("URGENT"))), "priority"));
        cases.add(invalid("a priority as a number", post(email("priority", "1")), "priority"));
        cases.add(invalid("a correlation id of 129 characters", post(email("correlationId", str("c".repeat(129)))), "correlationId"));
        cases.add(invalid("a control character in the correlation id", post(email("correlationId", str("abc\u0007"))), "correlationId"));
        cases.add(invalid("a correlation id as a number", post(email("correlationId", "42")), "correlationId"));

        // metadata
        cases.add(invalid("metadata as an array", post(email("metadata", "[\"a\",\"b\"]")), "metadata"));
        cases.add(invalid("a metadata value as a number", post(email("metadata", "{\"order\":4711}")), "metadata.order"));
        cases.add(invalid("a metadata value of null", post(email("metadata", "{\"order\":null}")), "metadata.order"));
        cases.add(invalid("a metadata value as an object", post(email("metadata", "{\"order\":{\"id\":1}}")), "metadata.order"));
        cases.add(invalid("21 metadata entries", post(email("metadata", metadata(21))), "metadata"));
        cases.add(invalid("a metadata key with a space", post(email("metadata", "{\"order id\":\"4711\"}")), "metadata"));
        cases.add(invalid("a metadata key like a query operator", post(email("metadata", "{\"$where\":\"1\"}")), "metadata"));
        cases.add(invalid("a metadata value of 513 characters", post(email("metadata", "{\"note\":" + str("v".repeat(513)) + "}")), "metadata.note"));

        // headers
        cases.add(invalid("an idempotency key of 256 characters", post(Map.of("Idempotency-Key", "k".repeat(256)), email()), "Idempotency-Key"));
        cases.add(invalid("an idempotency key of 10 KB", post(Map.of("Idempotency-Key", "k".repeat(10_240)), email()), "Idempotency-Key"));
        cases.add(invalid("an idempotency key with Latin-1 bytes", post(Map.of("Idempotency-Key", "na\u00efve-key"), email()), "Idempotency-Key"));
        cases.add(refused("one header of 20 KB", post(Map.of("X-Padding", "p".repeat(20_480)), email()), 431, "HEADERS_TOO_LARGE"));
        cases.add(refused("300 headers, 18 KB in all", post(manyHeaders(300), email()), 431, "HEADERS_TOO_LARGE"));

        // media types and encodings
        cases.add(refused("a text/plain body", request("POST", NOTIFICATIONS, Map.of("Content-Type", "text/plain"), utf8("hello")),
                415, "UNSUPPORTED_MEDIA_TYPE"));
        cases.add(refused("an XML body", request("POST", NOTIFICATIONS, Map.of("Content-Type", "application/xml"),
                utf8("<notification/>")), 415, "UNSUPPORTED_MEDIA_TYPE"));
        cases.add(refused("a body without a content type", request("POST", NOTIFICATIONS, Map.of(), utf8(email())),
                415, "UNSUPPORTED_MEDIA_TYPE"));
        cases.add(refused("a charset that does not exist", request("POST", NOTIFICATIONS,
                Map.of("Content-Type", "application/json; charset=no-such-charset"), utf8(email())),
                415, "UNSUPPORTED_MEDIA_TYPE"));
        cases.add(refused("a content type that does not parse", request("POST", NOTIFICATIONS,
                Map.of("Content-Type", "application/json;;;=="), utf8(email())), 415, "UNSUPPORTED_MEDIA_TYPE"));
        cases.add(refused("only HTML accepted", request("POST", NOTIFICATIONS, Map.of("Content-Type", "application/json",
                "Accept", "text/html"), utf8(email())), 406, "NOT_ACCEPTABLE"));

        // sizes and framing
        cases.add(refused("a 5 MB body", request("POST", NOTIFICATIONS, Map.of("Content-Type", "application/json"),
                bigBody(5 << 20)), 413, "PAYLOAD_TOO_LARGE"));
        cases.add(refused("a 2 MB body in chunks, no length", chunked(bigBody(2 << 20)), 413, "PAYLOAD_TOO_LARGE"));
        cases.add(refused("an id of 5,000 characters", get(NOTIFICATIONS + "/" + "x".repeat(5000)), 414, "URI_TOO_LONG"));
        cases.add(refused("a query of 3,000 characters", request("POST", NOTIFICATIONS + "?q=" + "x".repeat(3000),
                Map.of("Content-Type", "application/json"), utf8(email())), 414, "URI_TOO_LONG"));
        cases.add(refused("a request line of 100 KB", get(NOTIFICATIONS + "/" + "y".repeat(100 << 10)), 414, "URI_TOO_LONG"));
        cases.add(refused("a Content-Length that is not a number", request("POST", NOTIFICATIONS,
                Map.of("Content-Type", "application/json", "Content-Length", "abc"), utf8(email())), 400, "MALFORMED_REQUEST"));
        cases.add(refused("a target that is not a URI", get("/v1/notifications/{not a uri}"), 400, "MALFORMED_REQUEST"));

        // methods and routes
        cases.add(refused("PUT on the collection", request("PUT", NOTIFICATIONS, Map.of("Content-Type", "application/json"),
                utf8(email())), 405, "METHOD_NOT_ALLOWED"));
        cases.add(refused("PATCH on the collection", request("PATCH", NOTIFICATIONS, Map.of("Content-Type", "application/json"),
                utf8(email())), 405, "METHOD_NOT_ALLOWED"));
        cases.add(refused("DELETE of a notification", request("DELETE", NOTIFICATIONS + "/" + unknownId, Map.of(), null),
                405, "METHOD_NOT_ALLOWED"));
        cases.add(invalid("a search of the collection for more than 500 a page", get(NOTIFICATIONS + "?limit=501"), "limit"));
        cases.add(invalid("a search of the collection by a misspelt filter", get(NOTIFICATIONS + "?stauts=SENT"), "stauts"));
        cases.add(invalid("an audit search with a tampered cursor", get("/v1/audit-events?cursor=MTIzfGFiY3x4eXo"), "cursor"));
        cases.add(refused("a route that does not exist", get("/v2/notifications"), 404, "ROUTE_NOT_FOUND"));

        // ids
        cases.add(refused("an id that is not a UUID", get(NOTIFICATIONS + "/not-a-uuid"), 404, "NOTIFICATION_NOT_FOUND"));
        cases.add(refused("an uppercase UUID", get(NOTIFICATIONS + "/" + unknownId.toUpperCase()), 404, "NOTIFICATION_NOT_FOUND"));
        cases.add(refused("an id of 36 characters that are not hex", get(NOTIFICATIONS + "/zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"),
                404, "NOTIFICATION_NOT_FOUND"));
        // what could mean another path to another reader never reaches routing (Spring Security's firewall)
        cases.add(refused("an encoded NUL as the id", get(NOTIFICATIONS + "/%00"), 400, "MALFORMED_REQUEST"));
        cases.add(refused("SQL as the audit id", get(NOTIFICATIONS + "/1%27%3B%20DROP%20TABLE%20x%3B--/audit"), 400, "MALFORMED_REQUEST"));
        cases.add(refused("SQL without a semicolon as the audit id", get(NOTIFICATIONS + "/1%27%20OR%20%271%27%3D%271/audit"),
                404, "NOTIFICATION_NOT_FOUND"));
        cases.add(refused("an operator object as the id", get(NOTIFICATIONS + "/%7B%22%24ne%22%3Anull%7D"), 404, "NOTIFICATION_NOT_FOUND"));
        cases.add(refused("cancel of a path that climbs out", request("POST", NOTIFICATIONS + "/../../etc/passwd/cancel",
                Map.of(), null), 400, "MALFORMED_REQUEST"));
        cases.add(refused("cancel of a malformed id", request("POST", NOTIFICATIONS + "/abc/cancel", Map.of(), null),
                404, "NOTIFICATION_NOT_FOUND"));
        cases.add(refused("cancel of an unknown id", request("POST", NOTIFICATIONS + "/" + unknownId + "/cancel", Map.of(), null),
                404, "NOTIFICATION_NOT_FOUND"));
        cases.add(invalid("cancel with a reason of 600 characters", request("POST", NOTIFICATIONS + "/" + unknownId + "/cancel",
                Map.of("Content-Type", "application/json"), utf8("{\"reason\":" + str("r".repeat(600)) + "}")), "reason"));
        cases.add(invalid("cancel with an unknown field", request("POST", NOTIFICATIONS + "/" + unknownId + "/cancel",
                Map.of("Content-Type", "application/json"), utf8("{\"reason\":\"x\",\"force\":true}")), "force"));

        // a well-formed request for a channel without an adapter is refused as a rule, not as bad input
        cases.add(refused("SMS (no delivery adapter)", post(email("channel", str("SMS")).replace("valid@example.com", "+4915112345678")),
                422, "UNSUPPORTED_CHANNEL"));
        return cases;
    }

    private static Case invalid(String name, byte[] request, String field) {
        return new Case(name, request, 400, "VALIDATION_FAILED", field);
    }

    private static Case refused(String name, byte[] request, int status, String code) {
        return new Case(name, request, status, code, null);
    }

    // ------------------------------------------------------------------------------------ building requests

    private static final Map<String, String> VALID = new LinkedHashMap<>(Map.of());

    static {
        VALID.put("channel", str("EMAIL"));
        VALID.put("recipient", str("valid@example.com"));
        VALID.put("subject", str("Hello"));
        VALID.put("body", str("Body"));
    }

    /** A valid EMAIL request as JSON text. */
    private static String email() {
        return email(null, null);
    }

    /** A valid EMAIL request with one field set to raw JSON text (any type), or removed when {@code json} is null. */
    private static String email(String field, String json) {
        Map<String, String> fields = new LinkedHashMap<>(VALID);
        if (field != null) {
            if (json == null) {
                fields.remove(field);
            } else {
                fields.put(field, json);
            }
        }
        StringBuilder text = new StringBuilder("{");
        fields.forEach((name, value) -> text.append(text.length() > 1 ? "," : "").append(str(name)).append(':').append(value));
        return text.append('}').toString();
    }

    /** A JSON string literal; control characters become escapes, as a client library would write them. */
    private static String str(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String metadata(int entries) {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < entries; i++) {
            text.append(i > 0 ? "," : "").append("\"key").append(i).append("\":\"value\"");
        }
        return text.append('}').toString();
    }

    private static byte[] post(String json) {
        return post(Map.of(), json);
    }

    private static byte[] post(byte[] body) {
        return request("POST", NOTIFICATIONS, Map.of("Content-Type", "application/json"), body);
    }

    private static byte[] post(Map<String, String> headers, String json) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return request("POST", NOTIFICATIONS, all, utf8(json));
    }

    private static byte[] get(String target) {
        return request("GET", target, Map.of(), null);
    }

    /** Every request carries a live sender key: what is refused here is the input, not the caller. */
    private static byte[] request(String method, String target, Map<String, String> headers, byte[] body) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Authorization", "Bearer " + senderKey);
        all.putAll(headers);
        return RawHttp.request(method, target, all, body);
    }

    private static byte[] chunked(byte[] body) {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        for (int offset = 0; offset < body.length; offset += 8192) {
            int size = Math.min(8192, body.length - offset);
            chunks.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            chunks.write(body, offset, size);
            chunks.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        chunks.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return request("POST", NOTIFICATIONS, Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked"),
                chunks.toByteArray());
    }

    /** A syntactically valid request whose body is {@code size} bytes long. */
    private static byte[] bigBody(int size) {
        String start = email("body", null).replace("}", ",\"body\":\"");
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) 'b');
        byte[] head = utf8(start);
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[size - 2] = '"';
        bytes[size - 1] = '}';
        return bytes;
    }

    private static Map<String, String> manyHeaders(int count) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            headers.put("X-Filler-" + i, "f".repeat(48));
        }
        return headers;
    }

    private static byte[] bytes(String text, byte... replacingNul) {
        byte[] utf8 = utf8(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : utf8) {
            if (b == 0) {
                out.writeBytes(replacingNul);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
