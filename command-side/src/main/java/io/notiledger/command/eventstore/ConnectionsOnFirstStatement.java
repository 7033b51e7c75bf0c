package io.notiledger.command.eventstore;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

import javax.sql.DataSource;

/**
 * A transaction takes a pooled connection when it runs its first statement, not when it begins.
 * <p>
 * The delivery processor handles each batch in a transaction (its token is stored in it) and, inside it,
 * waits for its commands and for the SMTP server. Begun eagerly, that transaction held a connection idle for
 * the whole send while the commands it waited for needed connections of their own: with as many delivery
 * threads as command workers, the pool ran dry and commands waited for a connection held by the very
 * threads waiting for them. Taken lazily, the batch's connection is held only while its token is written.
 */
@Configuration(proxyBeanMethods = false)
public class ConnectionsOnFirstStatement {

    @Bean
    static BeanPostProcessor lazyTransactionConnections() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource pool && !(bean instanceof LazyConnectionDataSourceProxy)
                        && "dataSource".equals(beanName)) {
                    return new LazyConnectionDataSourceProxy(pool);
                }
                return bean;
            }
        };
    }
}
