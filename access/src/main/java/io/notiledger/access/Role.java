package io.notiledger.access;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an API key may do. A key has one or more roles; each role's reach is in {@code AccessRules}. */
public enum Role {
    /** requests and cancels notifications of its tenant, and reads them */
    SENDER,
    /** reads its tenant's notifications only */
    READER,
    /** the {@code /admin/v1} endpoints, the dev mailbox, actuator beyond health, and reads of any tenant */
    OPERATOR;

    /** The name as clients write it and as the key store keeps it: {@code sender}, {@code reader}, {@code operator}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority a key with this role is granted. */
    public String authority() {
        return "ROLE_" + name();
    }

    public static Optional<Role> fromWireName(String name) {
        return Arrays.stream(values()).filter(role -> role.wireName().equals(name)).findFirst();
    }
}
