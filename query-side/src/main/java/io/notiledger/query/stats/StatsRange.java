package io.notiledger.query.stats;

import io.notiledger.api.notification.Channel;
import io.notiledger.api.query.StatsGranularity;
import io.notiledger.query.web.BadQueryParameterException;
import org.springframework.util.MultiValueMap;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of {@code GET /v1/stats}, read strictly: an unknown parameter, one given twice, an instant that is
 * not RFC 3339 with an offset, {@code from} not before {@code to}, an unknown bucket or channel, or a range with
 * more buckets than its width allows is refused naming the parameter. Without {@code to} the range ends now;
 * without {@code from} it starts one hour before its end; without {@code bucket} it is rolled up by minute.
 */
record StatsRange(Instant from, Instant to, StatsGranularity granularity, Channel channel) {

    private static final Set<String> PARAMETERS = Set.of("from", "to", "bucket", "channel");
    /** The longest range each width may cover: 1,440 minutes, 744 hours, 400 days. */
    private static final Map<StatsGranularity, Duration> LONGEST = Map.of(
            StatsGranularity.MINUTE, Duration.ofDays(1),
            StatsGranularity.HOUR, Duration.ofDays(31),
            StatsGranularity.DAY, Duration.ofDays(400));

    static StatsRange of(MultiValueMap<String, String> parameters, Instant now) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (!PARAMETERS.contains(parameter.getKey())) {
                throw new BadQueryParameterException(parameter.getKey(), "is not a parameter of this endpoint; known: "
                        + PARAMETERS.stream().sorted().toList());
            }
            if (parameter.getValue().size() > 1) {
                throw new BadQueryParameterException(parameter.getKey(), "is given more than once");
            }
        }
        Instant to = instant(parameters.getFirst("to"), "to", now);
        Instant from = instant(parameters.getFirst("from"), "from", to.minus(Duration.ofHours(1)));
        if (!from.isBefore(to)) {
            throw new BadQueryParameterException("from", "must be before to");
        }
        StatsGranularity granularity = choice(parameters.getFirst("bucket"), "bucket", StatsGranularity.values(), StatsGranularity.MINUTE);
        Channel channel = choice(parameters.getFirst("channel"), "channel", Channel.values(), null);
        if (Duration.between(from, to).compareTo(LONGEST.get(granularity)) > 0) {
            throw new BadQueryParameterException("bucket", "by " + granularity.name().toLowerCase(Locale.ROOT)
                    + " covers at most " + LONGEST.get(granularity).toDays() + " days; ask a wider bucket or a shorter range");
        }
        return new StatsRange(from, to, granularity, channel);
    }

    private static Instant instant(String text, String parameter, Instant absent) {
        if (text == null) {
            return absent;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadQueryParameterException(parameter, "must be an RFC 3339 date-time with an offset, e.g. 2026-12-03T10:00:00Z");
        }
    }

    /** Bucket widths are written in lower case (as in the contract), channels in upper case; both are accepted either way. */
    private static <E extends Enum<E>> E choice(String text, String parameter, E[] values, E absent) {
        if (text == null) {
            return absent;
        }
        return Arrays.stream(values).filter(value -> value.name().equalsIgnoreCase(text)).findFirst()
                .orElseThrow(() -> new BadQueryParameterException(parameter, "must be one of "
                        + Arrays.stream(values).map(Enum::name).toList()));
    }
}
