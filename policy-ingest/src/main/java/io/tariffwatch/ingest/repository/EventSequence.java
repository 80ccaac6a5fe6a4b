package io.tariffwatch.ingest.repository;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** The gap-free sequence of {@code policy.events}: one locked row, advanced inside the accepting transaction. */
@ApplicationScoped
public class EventSequence {

    /** Locks the sequence until the transaction ends, serialising acceptance; returns the last value. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long lock() {
        return ((Number) Panache.getEntityManager()
                .createNativeQuery("select last_value from event_sequence where id = 1 for update")
                .getSingleResult()).longValue();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void advanceTo(long value) {
        Panache.getEntityManager().createNativeQuery("update event_sequence set last_value = :v where id = 1")
                .setParameter("v", value).executeUpdate();
    }
}
