package io.notiledger.api.admin;

import java.util.List;

/** {@code GET} and {@code POST /admin/v1/views/rebuilds}: every view's generations and running rebuild. */
public record ViewGenerationsResponse(List<ViewGenerationResponse> views) {
}
