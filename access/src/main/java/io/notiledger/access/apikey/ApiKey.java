package io.notiledger.access.apikey;

import io.notiledger.access.Caller;
import io.notiledger.access.Role;

import java.time.Instant;
import java.util.Set;

/** One API key as the key store holds it: never its secret, only the secret's SHA-256. */
public record ApiKey(String id, String tenant, Set<Role> roles, byte[] secretHash, String label, Instant createdAt,
                     Instant revokedAt) {

    public ApiKey {
        roles = Set.copyOf(roles);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public Caller caller() {
        return new Caller(id, tenant, roles);
    }
}
