package io.tariffwatch.rates.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What the replicas share beside the book: its generation (advanced by each rebuild) and rebuilds asked for. */
@ApplicationScoped
public class ReplicaRepository {

    /** A rebuild's outcome, as the replica that ran it wrote it. */
    public record RebuildOutcome(int eventsRead, int eventsApplied) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public long bookGeneration() {
        return ((Number) Panache.getEntityManager()
                .createNativeQuery("select book_generation from engine_leadership where id = 1").getSingleResult()).longValue();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public long advanceBookGeneration() {
        return ((Number) Panache.getEntityManager().createNativeQuery(
                "update engine_leadership set book_generation = book_generation + 1 where id = 1 returning book_generation")
                .getSingleResult()).longValue();
    }

    /** Who leads now, as the lead's holder wrote it (null before any replica led). */
    @Transactional
    public String leader() {
        return (String) Panache.getEntityManager()
                .createNativeQuery("select holder from engine_leadership where id = 1").getSingleResult();
    }

    @Transactional
    public UUID requestRebuild(Instant now) {
        UUID id = UUID.randomUUID();
        Panache.getEntityManager().createNativeQuery("insert into rebuild_request (id, requested_at) values (:id, :now)")
                .setParameter("id", id).setParameter("now", Timestamp.from(now)).executeUpdate();
        return id;
    }

    @Transactional
    public boolean rebuildPending() {
        return !Panache.getEntityManager()
                .createNativeQuery("select 1 from rebuild_request where completed_at is null limit 1").getResultList().isEmpty();
    }

    /** Marks every rebuild asked for until now as done by this one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void rebuildsCompleted(RebuildOutcome outcome, Instant now) {
        Panache.getEntityManager().createNativeQuery("update rebuild_request set completed_at = :now, events_read = :read, "
                        + "events_applied = :applied where completed_at is null")
                .setParameter("now", Timestamp.from(now)).setParameter("read", outcome.eventsRead())
                .setParameter("applied", outcome.eventsApplied()).executeUpdate();
    }

    @Transactional
    public Optional<RebuildOutcome> rebuildOutcome(UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery(
                        "select events_read, events_applied from rebuild_request where id = :id and completed_at is not null")
                .setParameter("id", id).getResultList();
        return rows.stream().findFirst()
                .map(r -> new RebuildOutcome(((Number) r[0]).intValue(), ((Number) r[1]).intValue()));
    }
}
