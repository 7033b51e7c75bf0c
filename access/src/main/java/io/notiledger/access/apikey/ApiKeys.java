package io.notiledger.access.apikey;

import io.notiledger.access.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Makes, lists and revokes API keys; every change is logged with the operator key that made it, never a secret. */
public class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    private final ApiKeyRepository repository;
    private final ApiKeyAuthenticator authenticator;
    private final Clock clock;

    public ApiKeys(ApiKeyRepository repository, ApiKeyAuthenticator authenticator, Clock clock) {
        this.repository = repository;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    public IssuedApiKey create(String tenant, Set<Role> roles, String label, String byKeyId) {
        String secret = ApiKeySecrets.newSecret();
        ApiKey key = new ApiKey(ApiKeySecrets.newId(), tenant, roles, ApiKeySecrets.hash(secret), label, now(), null);
        repository.insert(key);
        log.info("API key {} created for tenant {} with roles {} by {}", key.id(), tenant, roles, byKeyId);
        return new IssuedApiKey(key, secret);
    }

    public List<ApiKey> list() {
        return repository.findAll();
    }

    public Optional<ApiKey> find(String id) {
        return repository.findById(id);
    }

    /** Revokes the key; this process refuses it from now on, others within the key cache's time. */
    public boolean revoke(String id, String byKeyId) {
        boolean known = repository.revoke(id, now());
        if (known) {
            authenticator.forget(id);
            log.info("API key {} revoked by {}", id, byKeyId);
        }
        return known;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS); // PostgreSQL keeps microseconds
    }
}
