package io.notiledger.command.web;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param commandTimeout   how long the HTTP edge waits for a command's result before answering 503
 * @param storeRetryAfter  the {@code Retry-After} of a 503 while the event store cannot take writes
 */
@Validated
@ConfigurationProperties("ledger.api")
public record CommandApiProperties(@DefaultValue("10s") @DurationMin(millis = 1) Duration commandTimeout,
                                   @DefaultValue("5s") @DurationMin(seconds = 1) Duration storeRetryAfter) {
}
