package io.notiledger.access.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

/** Says in the served OpenAPI document (and so in Swagger UI's Authorize button) that every call needs a key. */
public final class OpenApiSecurity {

    static final String SCHEME = "apiKey";

    private OpenApiSecurity() {
    }

    public static OpenApiCustomizer customizer() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSecuritySchemes(SCHEME, new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP).scheme("bearer")
                    .description("An API key made by an operator: Authorization: Bearer nl_..."));
            openApi.addSecurityItem(new SecurityRequirement().addList(SCHEME));
        };
    }
}
