package io.notiledger.command.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.notiledger.api.notification.Priority;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 of a request's content in a canonical form (sorted keys, defaults applied), so that "the
 * same request" under one idempotency key can be told from a different one.
 */
final class RequestFingerprint {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private RequestFingerprint() {
    }

    static String of(String tenantId, SendNotificationRequest request, Priority priority) {
        Map<String, Object> content = new TreeMap<>();
        content.put("tenantId", tenantId);
        content.put("channel", request.channel());
        content.put("recipient", request.recipient());
        content.put("subject", request.subject());
        content.put("body", request.body());
        content.put("sendAt", request.sendAt());
        content.put("priority", priority);
        content.put("correlationId", request.correlationId());
        content.put("metadata", request.metadata() == null ? Map.of() : request.metadata());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(content));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot fingerprint request", e);
        }
    }
}
