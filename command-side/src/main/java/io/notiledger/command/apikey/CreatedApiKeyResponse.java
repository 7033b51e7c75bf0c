package io.notiledger.command.apikey;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.notiledger.access.Role;
import io.notiledger.access.apikey.IssuedApiKey;

import java.time.Instant;
import java.util.List;

/** The answer to making a key: the only time its secret ({@code key}) is shown. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreatedApiKeyResponse(String id, String key, String tenant, List<Role> roles, String label,
                                    Instant createdAt) {

    static CreatedApiKeyResponse of(IssuedApiKey issued) {
        return new CreatedApiKeyResponse(issued.key().id(), issued.secret(), issued.key().tenant(),
                issued.key().roles().stream().sorted().toList(), issued.key().label(), issued.key().createdAt());
    }

    @Override
    public String toString() {
        return "CreatedApiKeyResponse[" + id + "]"; // never the secret
    }
}
