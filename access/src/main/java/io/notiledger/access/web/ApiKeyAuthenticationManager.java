package io.notiledger.access.web;

import io.notiledger.access.apikey.ApiKeyAuthenticator;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import reactor.core.publisher.Mono;

/** Turns a bearer secret into the caller whose live key it is; an unknown or revoked key fails (401). */
public class ApiKeyAuthenticationManager implements ReactiveAuthenticationManager {

    private final ApiKeyAuthenticator keys;

    public ApiKeyAuthenticationManager(ApiKeyAuthenticator keys) {
        this.keys = keys;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        String secret = String.valueOf(authentication.getCredentials());
        return keys.authenticate(secret)
                .onErrorMap(unreachable -> !(unreachable instanceof AuthenticationException),
                        unreachable -> new AuthenticationServiceException("The key store is out of reach", unreachable))
                .<Authentication>map(ApiKeyAuthentication::of)
                .switchIfEmpty(Mono.error(() -> new BadCredentialsException("Unknown or revoked API key")));
    }
}
