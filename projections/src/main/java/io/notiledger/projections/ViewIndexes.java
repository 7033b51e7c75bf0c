package io.notiledger.projections;

import io.notiledger.projections.audit.AuditEntryView;
import io.notiledger.projections.status.NotificationStatusView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexResolver;
import org.springframework.data.mongodb.core.index.MongoPersistentEntityIndexResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Creates the indexes the views declare ({@code @CompoundIndex} on each view) when the application has started,
 * whether or not {@code spring.data.mongodb.auto-index-creation} is on and whether or not the views are in the
 * packages Spring Data scans. Creating an index that exists changes nothing. MongoDB out of reach at that moment
 * does not stop the application: the views answer without the indexes, more slowly, until the next start.
 */
@Component
public class ViewIndexes {

    public static final List<Class<?>> INDEXED_VIEWS = List.of(NotificationStatusView.class, AuditEntryView.class);
    private static final Logger log = LoggerFactory.getLogger(ViewIndexes.class);

    private final MongoTemplate mongo;

    public ViewIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventListener(ApplicationStartedEvent.class)
    public void ensureIndexes() {
        try {
            create();
        } catch (DataAccessException | com.mongodb.MongoException e) {
            log.warn("Could not create the views' indexes ({}); searches scan until they exist", e.getClass().getSimpleName());
        }
    }

    /** Creates every declared index of the views. */
    public void create() {
        IndexResolver resolver = new MongoPersistentEntityIndexResolver((MongoMappingContext) mongo.getConverter().getMappingContext());
        for (Class<?> view : INDEXED_VIEWS) {
            resolver.resolveIndexFor(view).forEach(index -> mongo.indexOps(view).ensureIndex(index));
        }
    }
}
