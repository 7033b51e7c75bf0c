package io.notiledger.command.apikey;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.notiledger.access.Role;
import io.notiledger.access.apikey.ApiKey;

import java.time.Instant;
import java.util.List;

/** A key as operators see it: never its secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyResponse(String id, String tenant, List<Role> roles, String label, Instant createdAt,
                             Instant revokedAt) {

    static ApiKeyResponse of(ApiKey key) {
        return new ApiKeyResponse(key.id(), key.tenant(), key.roles().stream().sorted().toList(), key.label(),
                key.createdAt(), key.revokedAt());
    }
}
