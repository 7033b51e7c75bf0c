package io.notiledger.standalone;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The ledger's HTTP server gets Netty event loops of its own instead of Reactor's process-wide ones,
 * which an application context disposes when it closes: so several ledgers in one JVM (the tests
 * start and stop them) or an embedding application do not pull each other's server down.
 */
@Configuration(proxyBeanMethods = false)
public class NettyResourcesConfiguration {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory resources = new ReactorResourceFactory();
        resources.setUseGlobalResources(false);
        return resources;
    }
}
