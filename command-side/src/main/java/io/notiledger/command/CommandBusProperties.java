package io.notiledger.command;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param threads commands handled at once, each on its own worker thread and database connection */
@Validated
@ConfigurationProperties("ledger.command-bus")
public record CommandBusProperties(@DefaultValue("16") @Min(1) @Max(256) int threads) {
}
