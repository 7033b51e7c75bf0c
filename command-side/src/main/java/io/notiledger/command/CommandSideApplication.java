package io.notiledger.command;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The write side on its own, against external PostgreSQL, Kafka and SMTP: the shared application.yml with the
 * {@code command} profile and, unless other profiles are chosen, {@code production}.
 */
@SpringBootApplication
public class CommandSideApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(CommandSideApplication.class)
                .properties("spring.application.name=notiledger-command-side", "spring.profiles.default=production")
                .profiles("command")
                .run(args);
    }
}
