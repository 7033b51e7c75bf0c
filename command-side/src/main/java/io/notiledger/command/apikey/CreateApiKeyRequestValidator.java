package io.notiledger.command.apikey;

import io.notiledger.access.Role;
import io.notiledger.command.web.FieldViolation;
import io.notiledger.command.web.InvalidRequestException;
import io.notiledger.command.web.SendNotificationRequestValidator;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a {@link CreateApiKeyRequest}; collects every violation, and answers the roles the request names. */
final class CreateApiKeyRequestValidator {

    private static final int MAX_LABEL = 200;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private CreateApiKeyRequestValidator() {
    }

    static Set<Role> validate(CreateApiKeyRequest request) {
        if (request == null) {
            throw new InvalidRequestException("$", "a JSON object is required");
        }
        List<FieldViolation> violations = new ArrayList<>();
        if (request.tenant() == null || !SendNotificationRequestValidator.TENANT.matcher(request.tenant()).matches()) {
            violations.add(new FieldViolation("tenant", "is required: 1-64 letters, digits, '.', '_' or '-'"));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (request.roles() == null || request.roles().isEmpty()) {
            violations.add(new FieldViolation("roles", "is required: one or more of sender, reader, operator"));
        } else {
            for (int i = 0; i < request.roles().size(); i++) {
                Optional<Role> role = Optional.ofNullable(request.roles().get(i)).flatMap(Role::fromWireName);
                if (role.isEmpty()) {
                    violations.add(new FieldViolation("roles[" + i + "]", "must be sender, reader or operator"));
                } else {
                    roles.add(role.get());
                }
            }
        }
        if (request.label() != null && (request.label().isBlank() || request.label().length() > MAX_LABEL
                || CONTROL.matcher(request.label()).find())) {
            violations.add(new FieldViolation("label", "must be 1-" + MAX_LABEL + " characters without control characters"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return roles;
    }
}
