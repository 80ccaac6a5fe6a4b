package io.tariffwatch.alerts.alerts;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.tariffwatch.support.persistence.JdbcBatch;
import io.tariffwatch.support.persistence.JdbcBatch.ArrayColumn;
import io.tariffwatch.support.persistence.PlainSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** The alert aggregate's queries and writes: the one place that speaks to the {@code alert} table. */
@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<Alert, UUID> {
    private static final ArrayColumn<Alert> ALERT_ID = ArrayColumn.asText(a -> a.id);
    /** The columns {@link #saveDeliveryState} writes, in its statement's order. */
    private static final List<ArrayColumn<Alert>> DELIVERY_STATE = List.of(ALERT_ID, ArrayColumn.asText(a -> a.status),
            ArrayColumn.integer(a -> a.attempts), ArrayColumn.asText(a -> a.nextAttemptAt),
            ArrayColumn.asText(a -> a.deliveredAt), ArrayColumn.asText(a -> a.lastError), ArrayColumn.asText(a -> a.leaseId));

    /** Receivers left out of one claim, at most (a claim's SQL names them). */
    private static final int MAX_EXCLUDED = 1000;

    /** A new alert of a subscription for a source, held for its digest or due now. */
    public record NewAlert(UUID subscriptionId, Alert.Status status, String sourceId, String dataJson) {
    }

    /** Alerts of one type, a statement per 500 (their columns as arrays), each with its delivery state; a subscription
     * that has one for the source keeps it, and one no longer there gets none. Returns how many were new.
     * A subscription deleted after the caller's matching read (a consumer's poll reads the subscriptions once, and
     * uses them again when its poll is retried) had failed the statement on its foreign key at every retry. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int insertIfAbsent(AlertType type, List<NewAlert> alerts, Instant now) {
        // each alert's subscription by its key: a plan made while the table was small joins by scanning it
        PlainSql.readThroughIndexes();
        return JdbcBatch.executeColumns("with c as (select ?::text as type, ?::timestamptz as now, ?::boolean as to_contact), "
                + "a as (select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) "
                + "as a(id, subscription, source, payload, status)), "
                + "inserted as (insert into alert (id, subscription_id, source_id, type, payload, created_at) "
                + "select a.id::uuid, a.subscription::uuid, a.source, c.type, a.payload::jsonb, c.now from a "
                + "join subscription k on k.id = a.subscription::uuid cross join c "
                + "on conflict (subscription_id, source_id) do nothing returning id, subscription_id) "
                + "insert into alert_delivery (alert_id, by_email, status, attempts, next_attempt_at) "
                + "select i.id, c.to_contact or coalesce(s.channel = 'EMAIL', false), a.status, 0, c.now "
                + "from inserted i join a on a.id::uuid = i.id cross join c "
                + "left join subscription s on s.id = i.subscription_id",
                alerts, List.of(type.wireName(), Timestamp.from(now), type.goesToContact()),
                List.of(ArrayColumn.text(a -> UUID.randomUUID().toString()),
                        ArrayColumn.text(a -> a.subscriptionId().toString()), ArrayColumn.text(NewAlert::sourceId),
                        ArrayColumn.text(NewAlert::dataJson), ArrayColumn.text(a -> a.status().name())));
    }

    /**
     * Up to {@code limit} due webhooks and up to {@code emailLimit} due e-mails, locked ({@code FOR UPDATE SKIP LOCKED}:
     * another instance's claim passes them by), due retries first, webhooks and e-mails taken apart so that a backlog
     * of one never holds the other back (no e-mail at all with {@code emailLimit} 0: the SMTP server in back-off, or
     * every connection to it busy). Receivers to leave out are named by their ids (UUIDs
     * we format, so safe to write into the query). Per channel two index scans in due order, each as long as the
     * claim: due retries (an index of their own, so a backlog of first attempts never hides one), then first
     * attempts. The cost follows the claim's size, not the number of subscriptions or of alerts due. The answer
     * alternates between the channels, each in its own order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Alert> claimDue(Set<UUID> excludedReceivers, int emailLimit, int limit) {
        String ownerNotice = Arrays.stream(AlertType.values()).filter(AlertType::goesToContact)
                .map(t -> "'" + t.wireName() + "'").collect(Collectors.joining(", ", "a2.type in (", ")"));
        // an owner notice goes by e-mail, not to the subscription's receiver: that receiver's state does not hold it;
        // the alert (a2) names the receiver, so it is read only when a receiver is left out
        String alertOfState = excludedReceivers.isEmpty() ? "" : " join alert a2 on a2.id = d2.alert_id";
        String notExcluded = excludedReceivers.isEmpty() ? "" : " and (" + ownerNotice + " or a2.subscription_id not in ("
                + excludedReceivers.stream().limit(MAX_EXCLUDED).map(id -> "'" + id + "'").collect(Collectors.joining(","))
                + "))";
        List<String> scans = new ArrayList<>();
        List<Integer> scanLimits = new ArrayList<>();
        for (boolean byEmail : emailLimit > 0 ? List.of(false, true) : List.of(false)) {
            String due = "select d2.alert_id from alert_delivery d2" + alertOfState + " where d2.by_email = " + byEmail
                    + " and d2.status = 'PENDING' and d2.next_attempt_at <= now()" + notExcluded;
            for (String attempts : List.of("d2.attempts > 0", "d2.attempts = 0")) {
                scans.add("(" + due + " and " + attempts + " order by d2.next_attempt_at limit ?)");
                scanLimits.add(byEmail ? Math.min(emailLimit, limit) : limit);
            }
        }
        // The scans' rows are then locked by their key alone. Whether each is still due is read, not asked in the
        // where clause: asked there, it let the planner read the locked rows through alert_due instead, every due alert
        // tested against the scans' ids — a plan made while the table held few due alerts, and a claim amid a fan-out's
        // 25,000 due alerts took 74 ms instead of a few (auto_explain). A row changed since the scans (another instance
        // leased it) is locked and read as it is now, so still_due tells whether this claim may take it.
        // the delivery state is locked, the alert only read (its row never changes)
        String claim = "select a.id, a.subscription_id, a.source_id, a.type, a.payload, d.status, d.attempts, d.by_email, "
                + "d.next_attempt_at, d.delivered_at, d.last_error, a.created_at, d.lease_id, "
                + "d.status = 'PENDING' and d.next_attempt_at <= now() as still_due from alert_delivery d "
                + "join alert a on a.id = d.alert_id where d.alert_id = any(array(" + String.join(" union all ", scans)
                + ")) order by (d.attempts = 0), d.next_attempt_at for update of d skip locked";
        // the scans stop at the claim's size however the statistics of a table that grew in a burst look
        PlainSql.readInIndexOrder();
        // read plainly, not as entities: mapping each claimed row through Hibernate had cost a claim more than its query
        List<Alert> due = PlainSql.list(claim, (connection, select) -> {
            for (int i = 0; i < scanLimits.size(); i++) {
                select.setInt(i + 1, scanLimits.get(i));
            }
        }, row -> row.getBoolean("still_due") ? claimed(row) : null);
        return alternatingChannels(due.stream().filter(Objects::nonNull).toList());
    }

    private static Alert claimed(ResultSet row) throws SQLException {
        Alert a = deliveryState(row);
        a.subscriptionId = row.getObject("subscription_id", UUID.class);
        a.sourceId = row.getString("source_id");
        a.type = AlertType.ofWireName(row.getString("type"));
        a.payload = row.getString("payload");
        a.byEmail = row.getBoolean("by_email");
        a.createdAt = row.getObject("created_at", OffsetDateTime.class);
        return a;
    }

    /** An alert as far as its delivery goes: the columns {@link #DELIVERY_STATE} writes. */
    private static Alert deliveryState(ResultSet row) throws SQLException {
        Alert a = new Alert();
        a.id = row.getObject("id", UUID.class);
        a.status = Alert.Status.valueOf(row.getString("status"));
        a.attempts = row.getInt("attempts");
        a.nextAttemptAt = row.getObject("next_attempt_at", OffsetDateTime.class);
        a.deliveredAt = row.getObject("delivered_at", OffsetDateTime.class);
        a.lastError = row.getString("last_error");
        a.leaseId = row.getObject("lease_id", UUID.class);
        return a;
    }

    /**
     * Leases alerts taken by {@link #claimDue} (in this transaction, so still locked) to one attempt each, under
     * {@code lease} until {@code until}: each alert's own transition, then one statement for all of them
     * (claims are read read-only: no update per alert at the flush).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void leased(List<Alert> claimed, UUID lease, OffsetDateTime until) {
        if (claimed.isEmpty()) {
            return;
        }
        claimed.forEach(a -> a.leased(lease, until));
        PlainSql.update("update alert_delivery set lease_id = ?, next_attempt_at = ? where alert_id = any(?::uuid[])",
                (connection, update) -> {
                    update.setObject(1, lease);
                    update.setTimestamp(2, Timestamp.from(until.toInstant()));
                    update.setArray(3, ALERT_ID.of(connection, claimed));
                });
    }

    /** These alerts' delivery state ({@link #deliveryState}: no payload), locked in id order (two transactions locking
     * several wait, not deadlock), to be changed by their own methods and written back by {@link #saveDeliveryState}.
     * Read plainly: as entities, by a query parsed anew for each number of ids, this had cost a sixth of the
     * service's CPU in a fan-out (profiled). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Alert> lockedForDeliveryState(Collection<UUID> ids) {
        // by the key, and so are the writes that follow in the transaction: the narrow table looked cheap to scan to a
        // plan made while it grew, and a fan-out's every outcome had read all of it (176 µs a row, pg_stat_statements)
        PlainSql.readThroughIndexes();
        return PlainSql.list("select alert_id as id, status, attempts, next_attempt_at, delivered_at, last_error, lease_id "
                + "from alert_delivery where alert_id = any(?) order by alert_id for update",
                PlainSql.Parameters.array("uuid", ids), AlertRepository::deliveryState);
    }

    /** Writes what attempts changed of these alerts (status, attempts, when next, when delivered, last error, lease),
     * as their methods left it, in one statement. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void saveDeliveryState(List<Alert> changed) {
        if (changed.isEmpty()) {
            return;
        }
        PlainSql.update("update alert_delivery d set status = v.status, attempts = v.attempts, "
                + "next_attempt_at = v.next_attempt_at, delivered_at = v.delivered_at, last_error = v.last_error, "
                + "lease_id = v.lease_id from unnest(?::uuid[], ?::text[], ?::int[], ?::timestamptz[], ?::timestamptz[], "
                + "?::text[], ?::uuid[]) as v(id, status, attempts, next_attempt_at, delivered_at, last_error, lease_id) "
                + "where d.alert_id = v.id",
                (connection, update) -> {
                    int parameter = 1;
                    for (ArrayColumn<Alert> column : DELIVERY_STATE) {
                        update.setArray(parameter++, column.of(connection, changed));
                    }
                });
    }

    /** One of each channel in turn, each in its own order, the channel of the first due leading: a claim cut short
     * by the free slots still takes both. */
    private static List<Alert> alternatingChannels(List<Alert> due) {
        if (due.isEmpty()) {
            return due;
        }
        boolean leading = due.get(0).byEmail;
        List<Alert> first = due.stream().filter(a -> a.byEmail == leading).toList();
        List<Alert> second = due.stream().filter(a -> a.byEmail != leading).toList();
        List<Alert> alternating = new ArrayList<>(due.size());
        for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
            if (i < first.size()) {
                alternating.add(first.get(i));
            }
            if (i < second.size()) {
                alternating.add(second.get(i));
            }
        }
        return alternating;
    }

    /** A subscription's alerts held for its daily digest, oldest first, locked. */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public List<Alert> heldFor(UUID subscriptionId) {
        PlainSql.readThroughIndexes(); // a subscription's alerts, then their states by the key: never a scan of either
        return getEntityManager().createNativeQuery("select a.*, d.* from alert a join alert_delivery d on d.alert_id = a.id "
                + "where a.subscription_id = :s and d.status = 'HELD' order by a.created_at for update of d skip locked",
                Alert.class).setParameter("s", subscriptionId).getResultList();
    }

    /** The alert, its delivery state locked for a change; null when there is none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Alert lockedById(UUID id) {
        // the state is what changes, and what claims and outcomes lock: locked first, then read as it is now
        List<UUID> locked = PlainSql.list("select alert_id from alert_delivery where alert_id = ? for update",
                PlainSql.Parameters.of(id), row -> row.getObject(1, UUID.class));
        return locked.isEmpty() ? null : findById(id);
    }

    /** How many consent e-mails (a subscription's confirmation, a contact's) were queued for an address since. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int consentRequestsSince(String address, OffsetDateTime since) {
        return ((Number) getEntityManager().createNativeQuery("""
                select count(*) from alert a join subscription s on s.id = a.subscription_id
                where a.type in (:subscription, :contact) and a.created_at > :since
                  and ((a.type = :subscription and lower(s.target) = :address)
                    or (a.type = :contact and lower(s.contact) = :address))""")
                .setParameter("subscription", AlertType.SUBSCRIPTION_CONFIRMATION.wireName())
                .setParameter("contact", AlertType.CONTACT_CONFIRMATION.wireName())
                .setParameter("since", since)
                .setParameter("address", address.toLowerCase(Locale.ROOT))
                .getSingleResult()).intValue();
    }

    /** The subscription's alerts not sent yet (due or held) fail with {@code why}: they will not be sent. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int dropUnsent(UUID subscriptionId, String why) {
        PlainSql.readThroughIndexes(); // as heldFor
        return PlainSql.update("update alert_delivery d set status = 'FAILED', last_error = ? from alert a "
                + "where a.id = d.alert_id and a.subscription_id = ? and d.status in ('PENDING', 'HELD')",
                PlainSql.Parameters.of(why, subscriptionId));
    }

    /**
     * One page of a subscription's delivery log, newest alert first: the page's alerts with every attempt of each,
     * in one join. Pages are keyed by (created_at, id) of the last alert, so a log of any length answers as fast
     * as a short one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public DeliveryLog.Page deliveryLog(UUID subscriptionId, DeliveryLog.Cursor after, int alerts) {
        // the page's alerts first, then their states and attempts by their keys, however the statistics of tables that
        // grew in a burst look: a plan that scanned the states, or joined them before the page was cut, read a state
        // for every alert of the subscription (AlertRepositoryTest)
        PlainSql.readThroughIndexes();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery("select a.id, a.source_id, a.type, ds.status, "
                        + "d.attempt, d.attempted_at, d.status_code, d.outcome, coalesce(d.error, ds.last_error), d.duration_ms, "
                        + "a.created_at from (select * from alert where subscription_id = :sub and (:first or "
                        + "(created_at, id) < (:createdAt, :alertId)) order by created_at desc, id desc limit :n) a "
                        + "join alert_delivery ds on ds.alert_id = a.id left join delivery_attempt d on d.alert_id = a.id "
                        + "order by a.created_at desc, a.id desc, d.attempt desc")
                .setParameter("sub", subscriptionId)
                .setParameter("first", after == null)
                .setParameter("createdAt", after == null ? Timestamp.from(Instant.EPOCH)
                        : Timestamp.from(after.createdAt().toInstant()))
                .setParameter("alertId", after == null ? new UUID(0, 0) : after.alertId())
                .setParameter("n", alerts)
                .getResultList();
        List<DeliveryLog.Entry> entries = new ArrayList<>(rows.size());
        Set<UUID> seen = new LinkedHashSet<>();
        DeliveryLog.Cursor last = null;
        for (Object[] r : rows) {
            UUID alertId = (UUID) r[0];
            seen.add(alertId);
            last = new DeliveryLog.Cursor(time(r[10]), alertId);
            entries.add(new DeliveryLog.Entry(alertId, (String) r[1], (String) r[2], (String) r[3],
                    r[4] == null ? 0 : ((Number) r[4]).intValue(), r[5] == null ? null : time(r[5]),
                    r[6] == null ? null : ((Number) r[6]).intValue(), (String) r[7], (String) r[8],
                    r[9] == null ? 0 : ((Number) r[9]).longValue()));
        }
        return new DeliveryLog.Page(entries, seen.size() == alerts ? last : null);
    }

    private static OffsetDateTime time(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt;
        }
        if (value instanceof Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        return ((Timestamp) value).toInstant().atOffset(ZoneOffset.UTC);
    }
}
