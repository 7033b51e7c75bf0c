package io.notiledger.command;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param threads   groups of commands handled at once, each on its own committer thread, transaction and database
 *                  connection
 * @param groupSize most commands one thread takes from the queue and commits in one transaction; it takes what is
 *                  queued and never waits for a group to fill
 */
@Validated
@ConfigurationProperties("ledger.command-bus")
public record CommandBusProperties(@DefaultValue("4") @Min(1) @Max(256) int threads,
                                   @DefaultValue("32") @Min(1) @Max(1000) int groupSize) {
}
