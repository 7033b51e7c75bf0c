package io.notiledger.query;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The read side on its own: hosts the projections (fed from Kafka) and the query API (see query-side.yml). */
@SpringBootApplication(scanBasePackages = {"io.notiledger.query", "io.notiledger.projections"})
public class QuerySideApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(QuerySideApplication.class)
                .properties("spring.config.name=query-side")
                .run(args);
    }
}
