package io.notiledger.command;

import io.notiledger.access.AccessProperties;
import io.notiledger.access.apikey.ApiKeyAuthenticator;
import io.notiledger.access.apikey.ApiKeyRepository;
import io.notiledger.command.apikey.AdminKeyBootstrap;
import io.notiledger.command.notification.RetryPolicy;
import io.notiledger.command.notification.RetryProperties;
import io.notiledger.command.web.CommandApiProperties;
import io.notiledger.command.web.RequestLimits;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The command side's own tunables and the small beans its handlers are given. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RetryProperties.class, RequestLimits.class, CommandApiProperties.class,
        CommandSideProperties.class, CommandBusProperties.class})
public class CommandSideConfiguration {

    @Bean
    RetryPolicy retryPolicy(RetryProperties properties) {
        return new RetryPolicy(properties);
    }

    @Bean
    AdminKeyBootstrap adminKeyBootstrap(ApiKeyRepository keys, ApiKeyAuthenticator authenticator,
                                        AccessProperties properties, Clock clock) {
        return new AdminKeyBootstrap(keys, authenticator, properties, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
