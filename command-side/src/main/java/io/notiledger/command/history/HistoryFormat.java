package io.notiledger.command.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.MediaType;

import java.util.stream.Collectors;
import java.util.stream.Stream;

/** How an export writes each record: one JSON object per line, or CSV (RFC 4180) with a header line. */
enum HistoryFormat {
    NDJSON(MediaType.parseMediaType("application/x-ndjson")),
    CSV(MediaType.parseMediaType("text/csv"));

    private static final String CSV_HEADER = "type,time,notificationId,sequence,tenant,actor,correlationId,details\r\n";

    private final MediaType mediaType;

    HistoryFormat(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    MediaType mediaType() {
        return mediaType;
    }

    String header() {
        return this == CSV ? CSV_HEADER : "";
    }

    String line(AuditRecord record, ObjectMapper json) {
        try {
            if (this == NDJSON) {
                return json.writeValueAsString(record) + "\n";
            }
            return Stream.of(record.type(), String.valueOf(record.time()), record.notificationId(),
                            Long.toString(record.sequence()), record.tenant(), record.actor(), record.correlationId(),
                            json.writeValueAsString(record.details()))
                    .map(HistoryFormat::csvField).collect(Collectors.joining(",", "", "\r\n"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An audit record is always serialisable", e);
        }
    }

    private static String csvField(String value) {
        if (value == null) {
            return "";
        }
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
