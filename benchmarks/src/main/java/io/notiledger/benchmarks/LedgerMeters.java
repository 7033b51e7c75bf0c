package io.notiledger.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ledger's round-trip counters, read from its actuator metrics endpoint at the start and the end of the
 * measured window: SQL statements, commits and rollbacks counted by its PostgreSQL, Kafka records its
 * publisher sent, MongoDB commands its drivers sent. A meter the ledger does not have is left out.
 */
final class LedgerMeters {

    /** The figure's name in the report, and the meter it is read from. */
    static final Map<String, String> METERS = meters();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final BearerKey key;

    LedgerMeters(HttpClient http, String baseUrl, BearerKey key) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.key = key;
    }

    private static Map<String, String> meters() {
        Map<String, String> meters = new LinkedHashMap<>();
        meters.put("sql_statements", "ledger.eventstore.statements");
        meters.put("commits", "ledger.eventstore.commits");
        meters.put("rollbacks", "ledger.eventstore.rollbacks");
        meters.put("kafka_records", "kafka.producer.record.send.total");
        meters.put("mongo_commands", "mongodb.driver.commands");
        return meters;
    }

    /** Every counter's value now (COUNT statistic, summed over its tags), by figure name. */
    Map<String, Double> read() {
        Map<String, Double> values = new LinkedHashMap<>();
        METERS.forEach((figure, meter) -> {
            Double value = count(meter);
            if (value != null) {
                values.put(figure, value);
            }
        });
        return values;
    }

    private Double count(String meter) {
        HttpRequest request = key.on(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/metrics/" + meter)))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            for (JsonNode measurement : JSON.readTree(response.body()).path("measurements")) {
                if ("COUNT".equals(measurement.path("statistic").asText()) && measurement.path("value").isNumber()) {
                    return measurement.path("value").asDouble();
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception unreadable) {
            return null;
        }
    }

    /** end - start per notification, for every counter read both times. */
    static Map<String, Double> perNotification(Map<String, Double> start, Map<String, Double> end, long notifications) {
        Map<String, Double> per = new LinkedHashMap<>();
        end.forEach((figure, value) -> {
            Double before = start.get(figure);
            if (before != null && !before.isNaN() && !value.isNaN() && notifications > 0) {
                per.put(figure, (value - before) / notifications);
            }
        });
        return per;
    }
}
