package io.notiledger.command.apikey;

import java.util.List;

/** {@code GET /admin/v1/api-keys}: every key, live and revoked, oldest first. */
public record ApiKeysResponse(List<ApiKeyResponse> keys) {
}
