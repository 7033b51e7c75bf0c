package io.notiledger.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The ledger's HTTP API as ledger-admin calls it: JSON in, JSON or a stream out, problems as {@link LedgerProblem}. */
public class LedgerHttp {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json;
    private final URI base;
    private final String key;

    public LedgerHttp(String url, String key, ObjectMapper json) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.key = key;
        this.json = json;
    }

    public JsonNode get(String path) {
        return answer(send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    public JsonNode post(String path, Object body) {
        try {
            HttpRequest request = request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
            return answer(send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A request body is always serialisable", e);
        }
    }

    /** The answer's body as it arrives, for an answer too long to hold; the caller closes it. */
    public InputStream stream(String path, String accept) {
        HttpResponse<InputStream> response = send(request(path).header("Accept", accept).timeout(Duration.ofHours(12))
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 300) {
            try (InputStream body = response.body()) {
                throw problem(response.statusCode(), new String(body.readAllBytes()));
            } catch (IOException e) {
                throw new LedgerProblem(response.statusCode(), null, "The ledger answered " + response.statusCode());
            }
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(CALL_TIMEOUT);
        return key == null ? builder : builder.header("Authorization", "Bearer " + key);
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new LedgerProblem(0, null, "The ledger at " + base + " cannot be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerProblem(0, null, "Interrupted while calling the ledger");
        }
    }

    private JsonNode answer(HttpResponse<String> response) {
        if (response.statusCode() >= 300) {
            throw problem(response.statusCode(), response.body());
        }
        try {
            return response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
        } catch (IOException e) {
            throw new LedgerProblem(response.statusCode(), null, "The ledger answered something that is not JSON");
        }
    }

    private LedgerProblem problem(int status, String body) {
        try {
            JsonNode problem = json.readTree(body);
            String detail = problem.path("detail").asText(problem.path("title").asText("HTTP " + status));
            StringBuilder message = new StringBuilder(detail);
            for (JsonNode violation : problem.path("errors")) {
                message.append("\n  ").append(violation.path("field").asText()).append(": ")
                        .append(violation.path("reason").asText());
            }
            return new LedgerProblem(status, problem.path("code").asText(null), message.toString());
        } catch (IOException | RuntimeException notJson) {
            return new LedgerProblem(status, null, "The ledger answered HTTP " + status);
        }
    }
}
