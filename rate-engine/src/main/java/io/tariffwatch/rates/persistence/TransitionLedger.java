package io.tariffwatch.rates.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Which (event, instant) transitions have had their rate changes emitted: each once, by one instance. */
@ApplicationScoped
public class TransitionLedger {

    /** Records the transition; false when it was recorded before (by this or another instance). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean claim(String eventId, Instant instant) {
        return Panache.getEntityManager().createNativeQuery(
                        "insert into emitted_transition (event_id, instant, emitted_at) values (:e, :i, now()) "
                                + "on conflict do nothing")
                .setParameter("e", eventId).setParameter("i", Timestamp.from(instant)).executeUpdate() == 1;
    }

    /** Records a notice of the transition with this lead; false when it was recorded before. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean claimNotice(String eventId, Instant instant, Duration lead) {
        return Panache.getEntityManager().createNativeQuery(
                        "insert into sent_notice (event_id, instant, lead, sent_at) values (:e, :i, :l, now()) "
                                + "on conflict do nothing")
                .setParameter("e", eventId).setParameter("i", Timestamp.from(instant)).setParameter("l", lead.toString())
                .executeUpdate() == 1;
    }

    @Transactional
    public Set<String> noticesSent() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager()
                .createNativeQuery("select event_id, instant, lead from sent_notice").getResultList();
        Set<String> keys = new HashSet<>();
        for (Object[] row : rows) {
            keys.add(noticeKey((String) row[0], toInstant(row[1]), Duration.parse((String) row[2])));
        }
        return keys;
    }

    /** Empties what the engine derived from events, for a rebuild; the outbox keeps what it has. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void clearAll() {
        Panache.getEntityManager().createNativeQuery("truncate applied_event, emitted_transition, sent_notice")
                .executeUpdate();
    }

    public static String noticeKey(String eventId, Instant instant, Duration lead) {
        return key(eventId, instant) + "-" + lead;
    }

    @Transactional
    public Set<String> emitted() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager()
                .createNativeQuery("select event_id, instant from emitted_transition").getResultList();
        Set<String> keys = new HashSet<>();
        for (Object[] row : rows) {
            keys.add(key((String) row[0], toInstant(row[1])));
        }
        return keys;
    }

    public static String key(String eventId, Instant instant) {
        return eventId + "@" + instant;
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return (Instant) value;
    }
}
