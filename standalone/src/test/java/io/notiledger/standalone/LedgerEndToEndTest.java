package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static io.notiledger.standalone.LedgerClient.email;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * The ledger as a new user runs it (standalone, embedded Kafka, PostgreSQL, MongoDB stand-in and SMTP sink),
 * driven only through its HTTP API: a notification travels from request to mailbox to audit trail.
 */
@ExtendWith(SharedLedger.class)
class LedgerEndToEndTest {

    static TestLedger ledger;
    static LedgerClient client;

    @BeforeAll
    static void connect(TestLedger shared) {
        ledger = shared;
        client = new LedgerClient(ledger.http());
    }

    @Test
    void listensOnThisMachineOnlyByDefault() throws Exception {
        int port = Integer.parseInt(ledger.property("local.server.port"));
        Optional<InetAddress> external = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
        assumeTrue(external.isPresent(), "this host has no address but the loopback one");
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress(external.get(), port), 2000))
                    .isInstanceOf(ConnectException.class);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            assertThat(socket.isConnected()).isTrue();
        }
    }

    @Test
    void notificationTravelsFromRequestToMailboxAndAuditTrail() {
        String recipient = "jane." + UUID.randomUUID() + "@example.com";
        String id = client.send(email(recipient, "Password reset"));

        JsonNode status = client.awaitStatus(id, "SENT");
        assertThat(status.get("attempts").asInt()).isEqualTo(1);
        assertThat(status.get("vendorMessageId").asText()).isEqualTo("<" + id + "@notiledger.local>");
        assertThat(status.get("recipient").asText()).doesNotContain(recipient.substring(1, recipient.indexOf('@') - 1));

        List<JsonNode> mails = mailsFor(id);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).get("messageId").asText()).isEqualTo("<" + id + "@notiledger.local>");
        assertThat(mails.get(0).get("subject").asText()).isEqualTo("Password reset");
        assertThat(mails.get(0).get("to").get(0).asText()).isEqualTo(recipient);

        List<String> types = client.awaitAudit(id, t -> t.contains("NotificationSent"));
        assertThat(types).containsExactly("NotificationRequested", "NotificationQueued", "DeliveryAttemptStarted", "NotificationSent");
        List<JsonNode> audit = client.audit(id);
        assertThat(audit).extracting(entry -> entry.get("sequence").asLong()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(audit.get(2).get("attemptNumber").asInt()).isEqualTo(1);
        assertThat(audit.get(0).get("actor").asText()).as("the sending key's id").startsWith("key_");
        assertThat(audit.get(3).get("actor").asText()).isEqualTo("delivery");
        assertThat(audit.get(0).get("details").has("body")).isFalse();
    }

    @Test
    void healthIsUpWithEveryEmbeddedPartRunning() {
        client.http().get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void repeatedRequestWithTheSameKeyReturnsTheOriginalAndCreatesNothing() {
        String key = "order-" + UUID.randomUUID();
        Map<String, Object> request = email("repeat@example.com", "Your order");
        String first = client.send(request, key);
        client.awaitStatus(first, "SENT");
        long notificationsBefore = ledger.storedNotifications();
        List<String> eventsBefore = ledger.storedEventTypesOf(first);

        client.http().post().uri("/v1/notifications").header("Idempotency-Key", key).bodyValue(request).exchange()
                .expectStatus().isAccepted()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectHeader().valueEquals("Location", "/v1/notifications/" + first)
                .expectBody().jsonPath("$.id").isEqualTo(first).jsonPath("$.status").isEqualTo("SENT");

        assertThat(ledger.storedNotifications()).isEqualTo(notificationsBefore);
        assertThat(ledger.storedEventTypesOf(first)).isEqualTo(eventsBefore);
        assertThat(mailsFor(first)).hasSize(1);
        assertThat(client.auditTypes(first)).containsOnlyOnce("NotificationRequested");
    }

    @Test
    void concurrentFirstRequestsWithOneKeyCreateOneNotification() throws Exception {
        String id = IdempotencyRace.run(client, 8);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(mailsFor(id)).hasSize(1));
    }

    @Test
    void sameKeyWithADifferentRequestIsAConflict() {
        String key = "conflict-" + UUID.randomUUID();
        long notificationsBefore = ledger.storedNotifications();
        String first = client.send(email("first@example.com", "One"), key);
        assertThat(ledger.storedNotifications()).isEqualTo(notificationsBefore + 1);

        client.http().post().uri("/v1/notifications").header("Idempotency-Key", key)
                .bodyValue(email("first@example.com", "Two")).exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.code").isEqualTo("IDEMPOTENCY_CONFLICT").jsonPath("$.status").isEqualTo(409);

        assertThat(ledger.storedNotifications()).isEqualTo(notificationsBefore + 1);
        client.awaitStatus(first, "SENT");
        // the refused request added nothing to the notification its key names, while it was being delivered
        assertThat(ledger.storedEventTypesOf(first)).containsExactly("NotificationRequestedEvent",
                "NotificationQueuedEvent", "DeliveryAttemptStartedEvent", "NotificationSentEvent");
    }

    @Test
    void scheduledNotificationCanBeCancelledAndIsNeverSent() {
        Map<String, Object> request = Map.of("channel", "EMAIL", "recipient", "later@example.com", "subject", "Later",
                "body", "Not yet", "sendAt", Instant.now().plus(Duration.ofHours(1)).toString());
        String id = client.send(request);
        client.awaitStatus(id, "SCHEDULED");

        client.http().post().uri("/v1/notifications/{id}/cancel", id).bodyValue(Map.of("reason", "user changed mind"))
                .exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.status").isEqualTo("CANCELLED");
        client.awaitStatus(id, "CANCELLED");
        assertThat(client.awaitAudit(id, t -> t.contains("NotificationCancelled")))
                .containsExactly("NotificationRequested", "NotificationScheduled", "NotificationCancelled");

        client.http().post().uri("/v1/notifications/{id}/cancel", id).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("NOT_CANCELLABLE");
        assertThat(mailsFor(id)).isEmpty();
    }

    @Test
    void sentNotificationCannotBeCancelled() {
        String id = client.send(email("done@example.com", "Done"));
        client.awaitStatus(id, "SENT");
        client.http().post().uri("/v1/notifications/{id}/cancel", id).exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.code").isEqualTo("NOT_CANCELLABLE");
    }

    @Test
    void unknownNotificationsAreProblemsNotStackTraces() {
        String unknown = UUID.randomUUID().toString();
        client.http().get().uri("/v1/notifications/{id}", unknown).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.code").isEqualTo("NOTIFICATION_NOT_FOUND");
        client.http().get().uri("/v1/notifications/{id}/audit", unknown).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOTIFICATION_NOT_FOUND");
        client.http().post().uri("/v1/notifications/{id}/cancel", unknown).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOTIFICATION_NOT_FOUND")
                .jsonPath("$.trace").doesNotExist();
    }

    @Test
    void everyEventIsPublishedToKafkaKeyedByNotificationWithItsHeaders() {
        String id = client.send(email("kafka@example.com", "On the topic"));
        client.awaitStatus(id, "SENT");

        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ledger.property("axon.kafka.bootstrap-servers"),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("notifications.events.v1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (id.equals(r.key())) {
                        records.add(r);
                    }
                });
                return records.size() >= 4;
            });
        }
        assertThat(records).hasSize(4);
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
        assertThat(records).extracting(r -> header(r, "axon-message-type"))
                .containsExactly("io.notiledger.api.event.NotificationRequestedEvent",
                        "io.notiledger.api.event.NotificationQueuedEvent",
                        "io.notiledger.api.event.DeliveryAttemptStartedEvent",
                        "io.notiledger.api.event.NotificationSentEvent");
        assertThat(records).extracting(r -> header(r, "axon-message-revision")).containsExactly("1", "1", "1", "2");
        assertThat(records).extracting(r -> header(r, "axon-metadata-tenantId")).containsOnly("default");
        assertThat(records).extracting(r -> header(r, "axon-metadata-correlationId")).doesNotContainNull();
    }

    @Test
    void swaggerUiIsServed() {
        client.http().get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private List<JsonNode> mailsFor(String notificationId) {
        JsonNode mailbox = ledger.operatorHttp().get().uri("/dev/mailbox").exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return StreamSupport.stream(mailbox.spliterator(), false)
                .filter(mail -> notificationId.equals(mail.path("notificationId").asText()))
                .toList();
    }
}
