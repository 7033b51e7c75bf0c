package io.notiledger.access.web;

import io.notiledger.access.Role;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;

/**
 * Which role reaches which endpoint. Health and the API documentation are public; the ledger's endpoints name
 * their roles; any other path of {@code /v1} needs a live key of any role (so that a wrong path or method is
 * answered 404 or 405 as before), and everything else needs an operator. {@code AccessMatrixTest} holds every
 * endpoint the application serves against these rules, so a new endpoint without an entry there fails the build.
 */
public final class AccessRules {

    private static final String SENDER = Role.SENDER.name();
    private static final String READER = Role.READER.name();
    private static final String OPERATOR = Role.OPERATOR.name();

    private AccessRules() {
    }

    public static void apply(ServerHttpSecurity.AuthorizeExchangeSpec rules) {
        rules.pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                .pathMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
                        "/webjars/swagger-ui/**").permitAll()
                .pathMatchers(HttpMethod.POST, "/v1/notifications").hasRole(SENDER)
                .pathMatchers(HttpMethod.POST, "/v1/notifications/*/cancel").hasAnyRole(SENDER, OPERATOR)
                .pathMatchers(HttpMethod.GET, "/v1/notifications/**").hasAnyRole(SENDER, READER, OPERATOR)
                .pathMatchers("/v1/**").hasAnyRole(SENDER, READER, OPERATOR)
                .pathMatchers("/admin/**", "/dev/**", "/actuator/**").hasRole(OPERATOR)
                .anyExchange().hasRole(OPERATOR);
    }
}
