package io.notiledger.standalone;

import io.notiledger.command.CommandSideApplication;
import io.notiledger.query.QuerySideApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The whole ledger in one process: the command side, the query side with its projections, and the
 * embedded infrastructure (Kafka in KRaft mode, PostgreSQL event store, MongoDB stand-in, SMTP sink), all
 * configured by the shared application.yml and, unless other profiles are chosen, the {@code embedded} profile.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(
        basePackages = {"io.notiledger.standalone", "io.notiledger.command", "io.notiledger.projections", "io.notiledger.query"},
        excludeFilters = {
                @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
                @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
                // the two single-side applications: their settings are not the standalone's
                @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE,
                        classes = {CommandSideApplication.class, QuerySideApplication.class})})
public class StandaloneApplication {

    public static void main(String[] args) {
        try {
            start(args);
        } catch (RuntimeException e) {
            // Spring Boot has logged why; a server thread started before the failure must not keep the JVM up
            System.exit(1);
        }
    }

    public static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(StandaloneApplication.class)
                .properties("spring.application.name=notiledger-standalone", "spring.profiles.default=embedded")
                .run(args);
    }
}
