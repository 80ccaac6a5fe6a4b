package io.tariffwatch.ingest.repository;

import io.tariffwatch.events.Kind;
import io.tariffwatch.events.Stage;
import io.quarkus.hibernate.orm.panache.Panache;
import io.tariffwatch.events.Countries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Finds accepted events by imposer, target, kind, stage and effective date, a page at a time. */
@ApplicationScoped
public class PolicyEventQuery {

    public record Filter(String imposer, String target, Kind kind, Stage stage, OffsetDateTime from,
                         OffsetDateTime to) {
    }

    /** An accepted event as recorded, and the name of the key that published it. */
    public record Row(String payload, String publisher) {
    }

    public record Page(List<Row> rows, long total) {
    }

    @Transactional
    public Page find(Filter f, int page, int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (f.imposer() != null) {
            where.add("imposer = :imposer");
            params.put("imposer", f.imposer());
        }
        if (f.target() != null) {
            // an event aimed at * or EU concerns every partner, or every member, too
            String eu = Countries.EU_MEMBERS.contains(f.target()) ? " or jsonb_exists(payload -> 'targets', 'EU')" : "";
            where.add("(jsonb_exists(payload -> 'targets', :target) or jsonb_exists(payload -> 'targets', '*')"
                    + eu + ")");
            params.put("target", f.target());
        }
        if (f.kind() != null) {
            where.add("kind = :kind");
            params.put("kind", f.kind().name());
        }
        if (f.stage() != null) {
            where.add("stage = :stage");
            params.put("stage", f.stage().name());
        }
        if (f.from() != null) {
            where.add("(payload ->> 'effectiveFrom')::timestamptz >= :from");
            params.put("from", f.from());
        }
        if (f.to() != null) {
            where.add("(payload ->> 'effectiveFrom')::timestamptz < :to");
            params.put("to", f.to());
        }
        String condition = where.isEmpty() ? "" : " where " + String.join(" and ", where);
        Query count = Panache.getEntityManager().createNativeQuery("select count(*) from policy_event" + condition);
        Query select = Panache.getEntityManager().createNativeQuery(
                "select payload::text, publisher from policy_event" + condition + " order by sequence limit :limit offset :offset");
        params.forEach((k, v) -> {
            count.setParameter(k, v);
            select.setParameter(k, v);
        });
        select.setParameter("limit", size).setParameter("offset", (long) page * size);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = select.getResultList();
        return new Page(rows.stream().map(r -> new Row((String) r[0], (String) r[1])).toList(),
                ((Number) count.getSingleResult()).longValue());
    }
}
