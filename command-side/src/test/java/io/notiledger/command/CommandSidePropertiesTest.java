package io.notiledger.command;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class CommandSidePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({CommandSideProperties.class, CommandBusProperties.class})
    static class Tunables {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Tunables.class);

    @Test
    void defaultsAreTheDocumentedOnes() {
        context.run(started -> {
            CommandSideProperties properties = started.getBean(CommandSideProperties.class);
            assertThat(properties.aggregateCache().entries()).isEqualTo(4096);
            assertThat(properties.processors().publisher().batchSize()).isEqualTo(200);
            assertThat(properties.processors().delivery().threads()).isEqualTo(4);
            assertThat(properties.processors().delivery().segments()).isEqualTo(4);
            assertThat(started.getBean(CommandBusProperties.class).threads()).isEqualTo(4);
            assertThat(started.getBean(CommandBusProperties.class).groupSize()).isEqualTo(32);
        });
    }

    @Test
    void aValueOutOfBoundsStopsTheStartNamingTheProperty() {
        context.withPropertyValues("ledger.command.processors.delivery.threads=0").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause()
                    .hasMessageContaining("processors.delivery.threads")
                    .hasMessageContaining("must be greater than or equal to 1");
        });
    }

    @Test
    void aCommandBusWithoutThreadsIsRefused() {
        context.withPropertyValues("ledger.command-bus.threads=0").run(started -> assertThat(started).hasFailed());
    }

    @Test
    void anEmptyCommandGroupIsRefused() {
        context.withPropertyValues("ledger.command-bus.group-size=0").run(started -> assertThat(started).hasFailed());
    }
}
