package io.notiledger.benchmarks;

import java.net.http.HttpRequest;

/** The API key the benchmark's requests carry as {@code Authorization: Bearer}, or none. */
record BearerKey(String key) {

    static final BearerKey NONE = new BearerKey(null);

    HttpRequest.Builder on(HttpRequest.Builder request) {
        return key == null ? request : request.header("Authorization", "Bearer " + key);
    }
}
