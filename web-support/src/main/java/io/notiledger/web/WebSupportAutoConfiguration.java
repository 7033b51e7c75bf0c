package io.notiledger.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** Installs the server-side pieces of {@code web-support} in any reactive web application of the ledger. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class WebSupportAutoConfiguration {

    @Bean
    KeepAliveSafeExchangeFilter keepAliveSafeExchangeFilter() {
        return new KeepAliveSafeExchangeFilter();
    }
}
