package io.notiledger.access.apikey;

/** A key just made: its stored form and its secret, which exists only in this answer and is never kept. */
public record IssuedApiKey(ApiKey key, String secret) {

    @Override
    public String toString() {
        return "IssuedApiKey[" + key.id() + "]"; // never the secret
    }
}
