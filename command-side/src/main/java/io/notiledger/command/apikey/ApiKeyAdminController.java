package io.notiledger.command.apikey;

import io.notiledger.access.Caller;
import io.notiledger.access.Role;
import io.notiledger.access.apikey.ApiKeys;
import io.notiledger.api.error.ErrorCode;
import io.notiledger.api.error.LedgerException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.URI;
import java.util.Set;

/**
 * Operators make, list and revoke API keys ({@code /admin/v1/api-keys}, operator role). The key store is
 * written with blocking JDBC, so every call runs on a worker pool, never on an HTTP event-loop thread.
 */
@RestController
@RequestMapping(value = "/admin/v1/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
public class ApiKeyAdminController {

    private final ApiKeys keys;

    public ApiKeyAdminController(ApiKeys keys) {
        this.keys = keys;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<CreatedApiKeyResponse>> create(@AuthenticationPrincipal Caller caller,
                                                              @RequestBody CreateApiKeyRequest request) {
        Set<Role> roles = CreateApiKeyRequestValidator.validate(request);
        return Mono.fromCallable(() -> keys.create(request.tenant(), roles, request.label(), caller.keyId()))
                .subscribeOn(Schedulers.boundedElastic())
                .map(issued -> ResponseEntity.status(HttpStatus.CREATED)
                        .location(URI.create("/admin/v1/api-keys/" + issued.key().id()))
                        .body(CreatedApiKeyResponse.of(issued)));
    }

    @GetMapping
    public Mono<ApiKeysResponse> list() {
        return Mono.fromCallable(() -> new ApiKeysResponse(keys.list().stream().map(ApiKeyResponse::of).toList()))
                .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/{id}")
    public Mono<ApiKeyResponse> one(@PathVariable String id) {
        return Mono.fromCallable(() -> keys.find(id).map(ApiKeyResponse::of).orElseThrow(ApiKeyAdminController::unknown))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Revokes the key: 204, also when it was revoked before; 404 when there is no such key. */
    @DeleteMapping("/{id}")
    public Mono<ResponseEntity<Void>> revoke(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Mono.fromCallable(() -> keys.revoke(id, caller.keyId()))
                .subscribeOn(Schedulers.boundedElastic())
                .map(known -> {
                    if (!known) {
                        throw unknown();
                    }
                    return ResponseEntity.noContent().<Void>build();
                });
    }

    /** The id is not echoed: it is the client's own text. */
    private static LedgerException unknown() {
        return new LedgerException(ErrorCode.API_KEY_NOT_FOUND, "No API key has this id");
    }
}
