package io.notiledger.query;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The read side on its own: hosts the projections (fed from Kafka) and the query API; the shared application.yml
 * with the {@code query} and {@code production} profiles. Its database holds
 * the API keys only, so Axon keeps no tables there (no Axon JDBC auto-configuration).
 */
@SpringBootApplication(scanBasePackages = {"io.notiledger.query", "io.notiledger.projections"},
        excludeName = "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration")
public class QuerySideApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(QuerySideApplication.class)
                .properties("spring.application.name=notiledger-query-side")
                .profiles("query", "production")
                .run(args);
    }
}
