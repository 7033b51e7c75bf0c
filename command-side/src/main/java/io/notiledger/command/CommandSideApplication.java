package io.notiledger.command;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The write side on its own, against external PostgreSQL, Kafka and SMTP: the shared application.yml with the
 * {@code command} and {@code production} profiles (on its own it embeds nothing, so production's servers are its only
 * ones; their addresses come from the environment).
 */
@SpringBootApplication
public class CommandSideApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(CommandSideApplication.class)
                .properties("spring.application.name=notiledger-command-side")
                .profiles("command", "production")
                .run(args);
    }
}
