package io.notiledger.command.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store appends a commit's events as one JDBC batch, a group commit many at once. The PostgreSQL
 * driver sends such a batch as one statement per row unless told to rewrite it into multi-row INSERTs
 * ({@code reWriteBatchedInserts}); told so, the server parses and executes a few statements instead of one per
 * event. A data source whose URL or properties already set the option keeps its own value.
 */
@Configuration(proxyBeanMethods = false)
public class MultiRowInserts {

    static final String OPTION = "reWriteBatchedInserts";

    @Bean
    static BeanPostProcessor postgresBatchesAsMultiRowInserts() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource pool) {
                    rewriteBatchedInserts(pool);
                }
                return bean;
            }
        };
    }

    static void rewriteBatchedInserts(HikariDataSource pool) {
        String url = pool.getJdbcUrl();
        if (url != null && url.startsWith("jdbc:postgresql:") && !url.contains(OPTION)
                && !pool.getDataSourceProperties().containsKey(OPTION)) {
            pool.addDataSourceProperty(OPTION, "true");
        }
    }
}
