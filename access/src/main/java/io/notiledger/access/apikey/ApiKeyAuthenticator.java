package io.notiledger.access.apikey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.notiledger.access.AccessProperties;
import io.notiledger.access.Caller;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Finds the live key a bearer secret belongs to. Keys found are kept for {@code ledger.security.key-cache-ttl},
 * at most {@code key-cache-size} of them; secrets that match no key are never kept, so guessing cannot grow the
 * cache. Looking a key up reads the database, so it runs on a worker thread, never on an HTTP event loop.
 */
public class ApiKeyAuthenticator {

    private final ApiKeyRepository keys;
    private final Cache<ByteBuffer, ApiKey> live;

    public ApiKeyAuthenticator(ApiKeyRepository keys, AccessProperties properties) {
        this.keys = keys;
        this.live = Caffeine.newBuilder()
                .expireAfterWrite(properties.keyCacheTtl())
                .maximumSize(properties.keyCacheSize())
                .build();
    }

    /** The caller this secret authenticates, or empty for an unknown or revoked key. */
    public Mono<Caller> authenticate(String secret) {
        if (!secret.startsWith(ApiKeySecrets.SECRET_PREFIX)) {
            return Mono.empty();
        }
        byte[] hash = ApiKeySecrets.hash(secret);
        ApiKey cached = live.getIfPresent(ByteBuffer.wrap(hash));
        if (cached != null) {
            return Mono.just(cached.caller());
        }
        return Mono.fromCallable(() -> lookUp(secret, hash).orElse(null))
                .subscribeOn(Schedulers.boundedElastic())
                .map(ApiKey::caller);
    }

    private Optional<ApiKey> lookUp(String secret, byte[] hash) {
        Optional<ApiKey> found = keys.findBySecretHash(hash)
                .filter(key -> !key.revoked() && ApiKeySecrets.matches(secret, key.secretHash()));
        found.ifPresent(key -> live.put(ByteBuffer.wrap(key.secretHash()), key));
        return found;
    }

    /** Forgets a key at once (after it was revoked or replaced here). */
    public void forget(String keyId) {
        live.asMap().values().removeIf(key -> key.id().equals(keyId));
    }
}
