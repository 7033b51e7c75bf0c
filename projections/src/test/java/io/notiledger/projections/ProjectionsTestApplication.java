package io.notiledger.projections;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/**
 * The projections as a deployable hosts them: Spring Boot and Axon auto-configuration, the projection
 * wiring and every component of this module.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ProjectionsConfiguration.class)
@ComponentScan("io.notiledger.projections")
public class ProjectionsTestApplication {
}
