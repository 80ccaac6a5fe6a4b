package io.tariffwatch.rates.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.panache.Panache;
import io.tariffwatch.rates.announcing.Announced;
import io.tariffwatch.rates.announcing.DutyKey;
import io.tariffwatch.support.persistence.JdbcBatch;
import io.tariffwatch.support.persistence.JdbcBatch.ArrayColumn;
import io.tariffwatch.support.persistence.PlainSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;

/** What subscribers have been told per duty key ({@code published_timeline}), and which notices went out. */
@ApplicationScoped
public class AnnouncementRepository {
    private static final TypeReference<List<Announced>> ANNOUNCED = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    AnnouncementRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Transactional
    public Map<DutyKey, List<Announced>> all() {
        return PlainSql.map("select imposer, partner, product, transitions::text from published_timeline",
                PlainSql.Parameters.NONE,
                row -> new DutyKey(row.getString(1), row.getString(2), row.getString(3)), row -> read(row.getString(4)));
    }

    /** Stores the keys' announced transitions, replacing what they had. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void save(Map<DutyKey, NavigableMap<Instant, Announced>> revised, Instant now) {
        JdbcBatch.executeColumns("insert into published_timeline (revised_at, imposer, partner, product, transitions) "
                + "select ?, imposer, partner, product, transitions::jsonb "
                + "from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as r(imposer, partner, product, transitions) "
                + "on conflict (imposer, partner, product) do update set "
                + "transitions = excluded.transitions, revised_at = excluded.revised_at",
                new ArrayList<>(revised.entrySet()), List.of(Timestamp.from(now)), List.of(
                        ArrayColumn.text(e -> e.getKey().imposer()), ArrayColumn.text(e -> e.getKey().partner()),
                        ArrayColumn.text(e -> e.getKey().product()),
                        ArrayColumn.text(e -> write(new ArrayList<>(e.getValue().values())))));
    }

    /** The next {@code n} numbers of the order of rate changes, ascending. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Long> nextRevisions(int n) {
        @SuppressWarnings("unchecked")
        List<Number> values = Panache.getEntityManager()
                .createNativeQuery("select nextval('rate_change_revision') from generate_series(1, :n) order by 1")
                .setParameter("n", n).getResultList();
        return values.stream().map(Number::longValue).toList();
    }

    /** Whether this database published under the (event, instant) ledger and has not been seeded yet. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean seedNeeded() {
        Object needed = Panache.getEntityManager()
                .createNativeQuery("select coalesce(bool_or(needed), false) from published_timeline_seed").getSingleResult();
        return Boolean.TRUE.equals(needed);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void seeded() {
        Panache.getEntityManager().createNativeQuery("delete from published_timeline_seed").executeUpdate();
    }

    /** Records a notice; false when it was sent before (by this or another instance). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean claimNotice(UUID noticeId, Instant now) {
        return Panache.getEntityManager().createNativeQuery(
                        "insert into sent_notice (notice_id, sent_at) values (:id, :now) on conflict do nothing")
                .setParameter("id", noticeId).setParameter("now", Timestamp.from(now)).executeUpdate() == 1;
    }

    private List<Announced> read(String json) {
        try {
            return mapper.readValue(json, ANNOUNCED);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("published_timeline holds a row that is not a list of transitions", e);
        }
    }

    private String write(List<Announced> announced) {
        try {
            return mapper.writeValueAsString(announced);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
