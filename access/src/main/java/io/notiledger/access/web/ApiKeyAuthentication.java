package io.notiledger.access.web;

import io.notiledger.access.Caller;
import io.notiledger.access.Role;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/**
 * A request's API key: first only the secret the client sent, then, once the key is found, the {@link Caller}
 * with its roles as authorities. The secret is dropped as soon as it has been checked.
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final transient Caller caller;
    private String secret;

    private ApiKeyAuthentication(String secret, Caller caller) {
        super(caller == null ? List.of() : caller.roles().stream().map(Role::authority).map(SimpleGrantedAuthority::new).toList());
        this.secret = secret;
        this.caller = caller;
        setAuthenticated(caller != null);
    }

    static ApiKeyAuthentication unauthenticated(String secret) {
        return new ApiKeyAuthentication(secret, null);
    }

    static ApiKeyAuthentication of(Caller caller) {
        return new ApiKeyAuthentication(null, caller);
    }

    @Override
    public Object getCredentials() {
        return secret;
    }

    @Override
    public Object getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller == null ? "" : caller.keyId();
    }

    @Override
    public void eraseCredentials() {
        secret = null;
        super.eraseCredentials();
    }

    @Override
    public String toString() {
        return "ApiKeyAuthentication[" + getName() + "]"; // never the secret
    }
}
