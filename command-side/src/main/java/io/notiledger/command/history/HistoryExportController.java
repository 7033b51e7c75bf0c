package io.notiledger.command.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notiledger.api.error.ErrorCode;
import io.notiledger.api.error.LedgerException;
import io.notiledger.api.notification.NotificationIdFormat;
import io.notiledger.command.web.FieldViolation;
import io.notiledger.command.web.InvalidRequestException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The events of one notification, or of one tenant (or every tenant) in a time window, as an auditor needs them,
 * streamed from the store of record in its order: the store is read a batch at a time as the client takes the answer, so an export
 * of millions of events holds a batch in memory, not the export.
 */
@RestController
@RequestMapping("/admin/v1/history")
public class HistoryExportController {

    private final EventStorageEngine storage;
    private final EventStore events;
    private final ObjectMapper json;

    public HistoryExportController(EventStorageEngine storage, EventStore events, ObjectMapper json) {
        this.storage = storage;
        this.events = events;
        this.json = json;
    }

    @GetMapping(produces = {"application/x-ndjson", "text/csv"})
    public ResponseEntity<Flux<String>> export(
            @RequestParam(required = false) String notification,
            @RequestParam(required = false) String tenant,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant until,
            @RequestParam(defaultValue = "ndjson") String format,
            @RequestParam(defaultValue = "false") boolean allTenants) {
        HistoryFormat chosen = check(notification, tenant, allTenants, since, until, format);
        AuditRecords records = new AuditRecords(json, events);
        Flux<EventMessage<?>> stored = notification != null ? ofNotification(notification) : ofTenant(since, until);
        Flux<String> lines = stored.map(records::of).filter(Objects::nonNull)
                .filter(record -> tenant == null || tenant.equals(record.tenant()))
                .filter(record -> since == null || !record.time().isBefore(since))
                .filter(record -> until == null || record.time().isBefore(until))
                .map(record -> chosen.line(record, json))
                .startWith(Flux.just(chosen.header()).filter(header -> !header.isEmpty()))
                .subscribeOn(Schedulers.boundedElastic());
        return ResponseEntity.ok().contentType(chosen.mediaType()).body(lines);
    }

    private Flux<EventMessage<?>> ofNotification(String id) {
        return Flux.defer(() -> {
            DomainEventStream stream = events.readEvents(id);
            if (!stream.hasNext()) {
                return Flux.error(new LedgerException(ErrorCode.NOTIFICATION_NOT_FOUND, "No notification " + id));
            }
            return Flux.fromStream(stream.asStream());
        });
    }

    private Flux<EventMessage<?>> ofTenant(Instant since, Instant until) {
        return Flux.using(() -> {
            TrackingToken from = since == null ? null : storage.createTokenAt(since);
            return storage.readEvents(from, false);
        }, stream -> Flux.fromStream(stream.map(event -> (EventMessage<?>) event)), Stream::close);
    }

    private static HistoryFormat check(String notification, String tenant, boolean allTenants, Instant since, Instant until,
                                       String format) {
        List<FieldViolation> violations = new ArrayList<>();
        int scopes = (notification == null ? 0 : 1) + (tenant == null ? 0 : 1) + (allTenants ? 1 : 0);
        if (scopes != 1) {
            violations.add(new FieldViolation("notification", "give one of a notification, a tenant or allTenants=true"));
        }
        if (notification != null && !NotificationIdFormat.isWellFormed(notification)) {
            violations.add(new FieldViolation("notification", "must be a notification id (a lowercase UUID)"));
        }
        if (since != null && until != null && !since.isBefore(until)) {
            violations.add(new FieldViolation("since", "must be before until"));
        }
        HistoryFormat chosen = null;
        try {
            chosen = HistoryFormat.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            violations.add(new FieldViolation("format", "must be ndjson or csv"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return chosen;
    }
}
