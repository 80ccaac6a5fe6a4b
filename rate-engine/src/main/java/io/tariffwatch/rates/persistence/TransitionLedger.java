package io.tariffwatch.rates.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
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
