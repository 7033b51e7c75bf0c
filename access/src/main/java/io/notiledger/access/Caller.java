package io.notiledger.access;

import java.util.Set;

/**
 * Who made a request: the API key that authenticated it (its public id, never its secret), the tenant the key
 * belongs to and its roles. Controllers take it as {@code @AuthenticationPrincipal Caller}.
 */
public record Caller(String keyId, String tenant, Set<Role> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean isOperator() {
        return roles.contains(Role.OPERATOR);
    }

    /** The tenant whose data this caller may read: its own, or null (every tenant) for an operator. */
    public String readScope() {
        return isOperator() ? null : tenant;
    }
}
