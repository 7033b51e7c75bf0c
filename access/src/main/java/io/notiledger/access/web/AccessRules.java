package io.notiledger.access.web;

import io.notiledger.access.Role;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;

/**
 * Which role reaches which endpoint. Health and the API documentation are public; the ledger's endpoints name
 * their roles; the operators' areas are closed to every other role; an endpoint no rule names is closed to
 * everyone, while a request that reaches no endpoint needs a live key and is then answered 404 or 405
 * ({@link EndpointsWithoutRule}). {@code AccessMatrixTest} holds every endpoint the application serves against
 * these rules, so a new endpoint without an entry there fails the build.
 */
public final class AccessRules {

    private static final String SENDER = Role.SENDER.name();
    private static final String READER = Role.READER.name();
    private static final String OPERATOR = Role.OPERATOR.name();

    private AccessRules() {
    }

    public static void apply(ServerHttpSecurity.AuthorizeExchangeSpec rules, EndpointsWithoutRule everythingElse) {
        rules.pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                .pathMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
                        "/webjars/swagger-ui/**").permitAll()
                // the dashboard is a static page that holds no data; every call it makes carries a key
                .pathMatchers(HttpMethod.GET, "/dashboard", "/dashboard/**", "/webjars/chart.js/**").permitAll()
                .pathMatchers(HttpMethod.POST, "/v1/notifications").hasRole(SENDER)
                .pathMatchers(HttpMethod.POST, "/v1/notifications/*/cancel").hasAnyRole(SENDER, OPERATOR)
                .pathMatchers(HttpMethod.GET, "/v1/notifications/**", "/v1/audit-events").hasAnyRole(SENDER, READER, OPERATOR)
                .pathMatchers(HttpMethod.GET, "/v1/stats", "/v1/views/lag").hasAnyRole(SENDER, READER, OPERATOR)
                .pathMatchers("/admin/**", "/dev/**", "/actuator/**").hasRole(OPERATOR)
                .anyExchange().access(everythingElse);
    }
}
