package io.notiledger.query.web;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/** @param queryTimeout how long the HTTP edge waits for a view's answer before giving up */
@Validated
@ConfigurationProperties("ledger.api")
public record QueryApiProperties(@DefaultValue("5s") @DurationMin(millis = 1) Duration queryTimeout) {
}
