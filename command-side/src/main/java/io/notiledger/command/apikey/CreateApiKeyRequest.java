package io.notiledger.command.apikey;

import java.util.List;

/** {@code POST /admin/v1/api-keys}: the tenant the key acts for, its roles, and an optional label for people. */
public record CreateApiKeyRequest(String tenant, List<String> roles, String label) {
}
