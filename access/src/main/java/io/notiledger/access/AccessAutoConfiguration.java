package io.notiledger.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notiledger.access.apikey.ApiKeyAuthenticator;
import io.notiledger.access.apikey.ApiKeyRepository;
import io.notiledger.access.apikey.ApiKeys;
import io.notiledger.access.ratelimit.RateLimitFilter;
import io.notiledger.access.ratelimit.RateLimitProperties;
import io.notiledger.access.ratelimit.TenantRateLimiter;
import io.notiledger.access.web.AccessRules;
import io.notiledger.access.web.ApiKeyAuthenticationManager;
import io.notiledger.access.web.AuthenticationFailureAnswer;
import io.notiledger.access.web.EndpointsWithoutRule;
import io.notiledger.access.web.OpenApiSecurity;
import io.notiledger.access.web.ProblemRejectedExchange;
import io.notiledger.access.web.BearerKeyConverter;
import io.notiledger.access.web.ProblemAccessDeniedHandler;
import io.notiledger.access.web.ProblemEntryPoint;
import io.notiledger.access.web.ProblemWriter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;

import java.time.Clock;

/**
 * Guards every endpoint of a side with API keys (Spring Security for WebFlux): one filter chain, bearer keys
 * checked against the key store, roles per endpoint ({@link AccessRules}), 401/403/429 as problem+json. No
 * sessions, no cookies (so no CSRF), no form or basic login.
 */
@AutoConfiguration(after = {JacksonAutoConfiguration.class, JdbcTemplateAutoConfiguration.class},
        before = {ReactiveSecurityAutoConfiguration.class, ReactiveUserDetailsServiceAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableWebFluxSecurity
@EnableConfigurationProperties({AccessProperties.class, RateLimitProperties.class})
public class AccessAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ApiKeyRepository apiKeyRepository(JdbcTemplate jdbc) {
        return new ApiKeyRepository(jdbc);
    }

    @Bean
    ApiKeyAuthenticator apiKeyAuthenticator(ApiKeyRepository repository, AccessProperties properties) {
        return new ApiKeyAuthenticator(repository, properties);
    }

    @Bean
    ApiKeys apiKeys(ApiKeyRepository repository, ApiKeyAuthenticator authenticator) {
        return new ApiKeys(repository, authenticator, Clock.systemUTC());
    }

    /** Also keeps Spring Boot from making a user with a generated password. */
    @Bean
    ApiKeyAuthenticationManager apiKeyAuthenticationManager(ApiKeyAuthenticator authenticator) {
        return new ApiKeyAuthenticationManager(authenticator);
    }

    @Bean
    TenantRateLimiter tenantRateLimiter(RateLimitProperties properties) {
        return new TenantRateLimiter(properties);
    }

    @Bean
    ProblemWriter accessProblemWriter(ObjectMapper json) {
        return new ProblemWriter(json);
    }

    /** Picked up by Spring Security's filter chain proxy for what its firewall refuses. */
    @Bean
    ProblemRejectedExchange problemRejectedExchange(ProblemWriter problems) {
        return new ProblemRejectedExchange(problems);
    }

    @Bean
    SecurityWebFilterChain ledgerSecurityFilterChain(ServerHttpSecurity http, ApiKeyAuthenticationManager keys,
                                                     TenantRateLimiter limiter, ProblemWriter problems,
                                                     ObjectProvider<RequestMappingInfoHandlerMapping> endpoints) {
        EndpointsWithoutRule everythingElse = new EndpointsWithoutRule(endpoints);
        ProblemEntryPoint unauthenticated = new ProblemEntryPoint(problems);
        AuthenticationWebFilter bearer = new AuthenticationWebFilter(keys);
        bearer.setServerAuthenticationConverter(new BearerKeyConverter());
        bearer.setAuthenticationFailureHandler(new AuthenticationFailureAnswer(unauthenticated, problems));
        bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
                .addFilterAfter(new RateLimitFilter(limiter, problems), SecurityWebFiltersOrder.AUTHORIZATION)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(new ProblemAccessDeniedHandler(problems)))
                .authorizeExchange(rules -> AccessRules.apply(rules, everythingElse))
                .build();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
    static class SwaggerUi {

        @Bean
        org.springdoc.core.customizers.OpenApiCustomizer apiKeySecurityScheme() {
            return OpenApiSecurity.customizer();
        }
    }
}
