package io.notiledger.projections;

import io.notiledger.api.query.PagePosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Keyset paging of a view newest first: sorted by a time field, then by {@code _id}, both descending; a page
 * starts strictly after the position where the previous one ended, never at an offset. One row more than the page
 * is read to know whether another page follows.
 */
public final class Keyset {

    private final String timeField;

    public Keyset(String timeField) {
        this.timeField = timeField;
    }

    /** The query for one page: every filter, the rows after {@code after} (null for the first page), sorted, limit + 1. */
    public Query query(List<Criteria> filters, PagePosition after, int limit) {
        List<Criteria> all = new ArrayList<>(filters);
        if (after != null) {
            all.add(new Criteria().orOperator(
                    Criteria.where(timeField).lt(after.at()),
                    Criteria.where(timeField).is(after.at()).and("_id").lt(after.id())));
        }
        Query query = all.isEmpty() ? new Query() : Query.query(new Criteria().andOperator(all));
        return query.with(Sort.by(Sort.Direction.DESC, timeField, "_id")).limit(limit + 1);
    }

    /** The rows of the page (at most {@code limit}) and where the next page starts, null when this is the last. */
    public <T, R> Page<R> page(List<T> rows, int limit, Function<T, PagePosition> positionOf,
                               Function<T, R> answer) {
        List<T> shown = rows.size() > limit ? rows.subList(0, limit) : rows;
        PagePosition next = rows.size() > limit ? positionOf.apply(shown.get(shown.size() - 1)) : null;
        return new Page<>(shown.stream().map(answer).toList(), next);
    }

    public record Page<R>(List<R> items, PagePosition next) {
    }
}
