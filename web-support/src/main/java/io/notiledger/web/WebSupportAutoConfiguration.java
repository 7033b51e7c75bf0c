package io.notiledger.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notiledger.web.json.StrictJsonDecoding;
import io.notiledger.web.limits.HttpLimitsFilter;
import io.notiledger.web.limits.HttpLimitsProperties;
import io.notiledger.web.limits.NettyDecoderLimits;
import io.notiledger.web.problem.FrameworkProblemHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.server.HttpServer;

/** Installs the server-side pieces of {@code web-support} in any reactive web application of the ledger. */
@AutoConfiguration(after = JacksonAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(HttpLimitsProperties.class)
public class WebSupportAutoConfiguration {

    @Bean
    KeepAliveSafeExchangeFilter keepAliveSafeExchangeFilter() {
        return new KeepAliveSafeExchangeFilter();
    }

    @Bean
    HttpLimitsFilter httpLimitsFilter(HttpLimitsProperties limits, ObjectMapper json) {
        return new HttpLimitsFilter(limits, json);
    }

    @Bean
    FrameworkProblemHandler frameworkProblemHandler() {
        return new FrameworkProblemHandler();
    }

    @Bean
    StrictJsonDecoding strictJsonDecoding(ObjectMapper json) {
        return new StrictJsonDecoding(json);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HttpServer.class)
    static class NettyLimits {

        @Bean
        NettyDecoderLimits nettyDecoderLimits(HttpLimitsProperties limits, ObjectMapper json) {
            return new NettyDecoderLimits(limits, json);
        }
    }
}
