package io.notiledger.command.apikey;

import io.notiledger.access.Role;
import io.notiledger.command.web.FieldViolation;
import io.notiledger.command.web.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CreateApiKeyRequestValidatorTest {

    @Test
    void aTenantAndKnownRolesMakeTheRoles() {
        assertThat(CreateApiKeyRequestValidator.validate(new CreateApiKeyRequest("acme-eu", List.of("sender", "reader"), "billing")))
                .containsExactlyInAnyOrder(Role.SENDER, Role.READER);
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        List<FieldViolation> violations = violations(new CreateApiKeyRequest("acme corp", Arrays.asList("sender", "admin", null),
                "line\nbreak"));

        assertThat(violations).extracting(FieldViolation::field).containsExactly("tenant", "roles[1]", "roles[2]", "label");
    }

    @Test
    void noTenantAndNoRolesAreRefused() {
        assertThat(violations(new CreateApiKeyRequest(null, List.of(), null))).extracting(FieldViolation::field)
                .containsExactly("tenant", "roles");
        assertThat(violations(new CreateApiKeyRequest("t".repeat(65), null, "x".repeat(201)))).extracting(FieldViolation::field)
                .containsExactly("tenant", "roles", "label");
    }

    @Test
    void rolesAreWrittenInLowerCaseAsTheContractSays() {
        assertThat(violations(new CreateApiKeyRequest("acme", List.of("SENDER"), null))).extracting(FieldViolation::field)
                .containsExactly("roles[0]");
    }

    private static List<FieldViolation> violations(CreateApiKeyRequest request) {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> CreateApiKeyRequestValidator.validate(request));
        return e == null ? List.of() : e.violations();
    }
}
