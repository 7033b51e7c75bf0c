package io.notiledger.command.apikey;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * {@code POST /admin/v1/api-keys}: the tenant the key acts for, its roles, and an optional label for people. Roles
 * stay text here so that an unknown one is answered as a field error by the validator, not as unreadable JSON; the
 * served schema still names the roles there are.
 */
public record CreateApiKeyRequest(
        String tenant,
        @ArraySchema(schema = @Schema(allowableValues = {"operator", "reader", "sender"})) List<String> roles,
        String label) {
}
