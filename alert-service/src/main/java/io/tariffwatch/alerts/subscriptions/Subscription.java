package io.tariffwatch.alerts.subscriptions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.tariffwatch.support.Credentials;
import io.tariffwatch.support.persistence.JdbcBatch;
import io.tariffwatch.support.persistence.PlainSql;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;

@Entity
@Table(name = "subscription")
public class Subscription extends PanacheEntityBase {
    public enum Channel { EMAIL, WEBHOOK }

    public enum Status { PENDING_CONFIRMATION, ACTIVE, DISABLED }


    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Channel channel;

    /** An e-mail address or an https URL. */
    @Column(nullable = false)
    public String target;

    /** Stored as a JSON column and read back as the record. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Filters filters;

    @Column(nullable = false)
    public Digest digest;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    /** SHA-256 of the management token: the token itself is shown once. */
    @Column(name = "token_hash", nullable = false)
    public String tokenHash;

    /** The webhook signing secret {@code whsec_…}. */
    public String secret;

    /** The secret a rotation replaced: it signs too, beside {@link #secret}, until {@link #previousSecretUntil}. */
    @Column(name = "previous_secret")
    public String previousSecret;

    @Column(name = "previous_secret_until")
    public OffsetDateTime previousSecretUntil;

    @Column(name = "confirm_token")
    public String confirmToken;

    @Column(name = "unsubscribe_token", nullable = false)
    public String unsubscribeToken;

    /** An e-mail address told when a webhook subscription is disabled (optional), once it confirmed. */
    public String contact;

    /** The token of the link that confirms {@link #contact}. */
    @Column(name = "contact_confirm_token")
    public String contactConfirmToken;

    @Column(name = "contact_confirmed_at")
    public OffsetDateTime contactConfirmedAt;

    @Column(name = "disabled_reason")
    public String disabledReason;

    /** Since when every delivery has failed; null after a success. */
    @Column(name = "failing_since")
    public OffsetDateTime failingSince;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    /** Stops its alerts; returns false when it was disabled already (nothing more must follow). */
    public boolean disable(String reason, OffsetDateTime now) {
        if (status == Status.DISABLED) {
            return false;
        }
        status = Status.DISABLED;
        disabledReason = reason;
        updatedAt = now;
        return true;
    }

    /**
     * Its owner asks for alerts again (nothing changes while it is active). A webhook is active at once; an e-mail address must consent anew
     * (it may have unsubscribed, or never confirmed): it waits for the new {@code confirmToken}'s link.
     * Returns whether a confirmation e-mail is to be sent.
     */
    public boolean reEnabled(String newConfirmToken, OffsetDateTime now) {
        if (status == Status.ACTIVE) {
            return false;
        }
        disabledReason = null;
        failingSince = null;
        updatedAt = now;
        if (channel == Channel.EMAIL) {
            confirmToken = newConfirmToken;
            status = Status.PENDING_CONFIRMATION;
            return true;
        }
        status = Status.ACTIVE;
        return false;
    }

    /**
     * A new subscription. A webhook is active at once and {@code secretOrConfirmToken} is its signing secret; an
     * e-mail address waits for its consent, by the link carrying {@code secretOrConfirmToken}.
     */
    public static Subscription opened(Channel channel, String target, Filters filters, Digest digest, String tokenHash,
                                      String unsubscribeToken, String secretOrConfirmToken, OffsetDateTime now) {
        Subscription s = new Subscription();
        s.id = UUID.randomUUID();
        s.channel = channel;
        s.target = target;
        s.filters = filters;
        s.digest = digest;
        s.tokenHash = tokenHash;
        s.unsubscribeToken = unsubscribeToken;
        s.createdAt = now;
        s.updatedAt = now;
        if (channel == Channel.WEBHOOK) {
            s.secret = secretOrConfirmToken;
            s.status = Status.ACTIVE;
        } else {
            s.confirmToken = secretOrConfirmToken;
            s.status = Status.PENDING_CONFIRMATION;
        }
        return s;
    }

    /** Its owner changed what it follows or how it is told. */
    public void preferencesChanged(Filters newFilters, Digest newDigest, OffsetDateTime now) {
        filters = newFilters;
        digest = newDigest;
        updatedAt = now;
    }

    /** The address's confirmation link was followed: a pending subscription starts; false when the token is not
     * its current one. */
    public boolean addressConfirmed(String token, OffsetDateTime now) {
        if (confirmToken == null || token == null || !Credentials.same(confirmToken, token)) {
            return false;
        }
        if (status == Status.PENDING_CONFIRMATION) {
            status = Status.ACTIVE;
            updatedAt = now;
        }
        return true;
    }

    /** Why a test webhook cannot go out now, or null when it can: only an active webhook subscription has a
     * receiver to test. */
    public String testRefusal() {
        if (channel != Channel.WEBHOOK) {
            return "only webhook subscriptions have a receiver to test";
        }
        return status == Status.ACTIVE ? null : "the subscription is " + status + "; enable it first";
    }

    /**
     * A new signing secret; the old one keeps signing beside it until {@code graceUntil}, so that receivers can
     * switch without losing an alert (Standard Webhooks: several {@code v1,} signatures in one header).
     */
    public void secretRotated(String newSecret, OffsetDateTime graceUntil, OffsetDateTime now) {
        if (channel != Channel.WEBHOOK) {
            throw new IllegalStateException("only webhooks have signing secrets");
        }
        previousSecret = secret;
        previousSecretUntil = graceUntil;
        secret = newSecret;
        updatedAt = now;
    }

    /** The secrets that sign a delivery at {@code now}: the current one, then the rotated-out one in its grace. */
    public List<String> signingSecrets(OffsetDateTime now) {
        return previousSecret != null && previousSecretUntil != null && now.isBefore(previousSecretUntil)
                ? List.of(secret, previousSecret) : List.of(secret);
    }

    /**
     * A contact address given or changed: it gets nothing until it confirms with {@code confirmToken}'s link.
     * Giving the same address again asks it again while it has not confirmed. Returns whether a confirmation
     * e-mail is to be sent.
     */
    public boolean contactGiven(String address, String confirmToken, OffsetDateTime now) {
        if (address == null || address.equalsIgnoreCase(contact == null ? "" : contact) && contactConfirmedAt != null) {
            return false;
        }
        contact = address;
        contactConfirmToken = confirmToken;
        contactConfirmedAt = null;
        updatedAt = now;
        return true;
    }

    /** The contact's link was followed; false when the token is not the current address's. */
    public boolean contactConfirmed(String token, OffsetDateTime now) {
        if (contactConfirmToken == null || token == null || !Credentials.same(contactConfirmToken, token)) {
            return false;
        }
        if (contactConfirmedAt == null) {
            contactConfirmedAt = now;
            updatedAt = now;
        }
        return true;
    }

    /** Whether the contact address may be told of a disable: only once it consented. */
    public boolean contactMayBeTold() {
        return contact != null && contactConfirmedAt != null;
    }

    /** A delivery to it failed; returns since when every delivery has failed. */
    public OffsetDateTime deliveryFailed(OffsetDateTime now) {
        if (failingSince == null) {
            failingSince = now;
        }
        return failingSince;
    }

    public void deliverySucceeded() {
        failingSince = null;
    }

    /**
     * Records these new subscriptions at once, in one batch of the caller's transaction, their filters as
     * {@code filtersJson} gives them: the persistence context's insert and flush took most of a creation's CPU (JFR,
     * 1,300 creations/s), and the consent e-mails queued after one refer to its row. They are not managed afterwards:
     * whatever changes one later reads it first.
     */
    public static void inserted(List<Subscription> opened, Function<Filters, String> filtersJson) {
        JdbcBatch.execute("insert into subscription (id, channel, target, filters, digest, status, token_hash, secret, "
                + "confirm_token, unsubscribe_token, contact, contact_confirm_token, created_at, updated_at) "
                + "values (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", opened, (insert, s) -> {
                    insert.setObject(1, s.id);
                    insert.setString(2, s.channel.name());
                    insert.setString(3, s.target);
                    insert.setString(4, filtersJson.apply(s.filters));
                    insert.setString(5, s.digest.wireName());
                    insert.setString(6, s.status.name());
                    insert.setString(7, s.tokenHash);
                    insert.setString(8, s.secret);
                    insert.setString(9, s.confirmToken);
                    insert.setString(10, s.unsubscribeToken);
                    insert.setString(11, s.contact);
                    insert.setString(12, s.contactConfirmToken);
                    // as a Timestamp: the driver's OffsetDateTime binding goes through Calendar, a tenth of the insert's CPU
                    insert.setTimestamp(13, Timestamp.from(s.createdAt.toInstant()));
                    insert.setTimestamp(14, Timestamp.from(s.updatedAt.toInstant()));
                });
    }

    /**
     * These subscriptions as a delivery reads them — receiver, secrets, tokens, contact, status; not their filters or
     * digest, which stay null — detached, not to be changed. One plain query: through the persistence context
     * (the query parsed anew for each claim's number of ids, every row's filters parsed as JSON) it took more of a
     * fan-out's CPU than the claim itself.
     */
    public static List<Subscription> forDelivery(Collection<UUID> ids) {
        return PlainSql.list("select id, channel, target, status, secret, previous_secret, previous_secret_until, "
                        + "confirm_token, unsubscribe_token, contact, contact_confirm_token, contact_confirmed_at "
                        + "from subscription where id = any(?)",
                PlainSql.Parameters.array("uuid", ids),
                row -> {
                    Subscription s = new Subscription();
                    s.id = row.getObject(1, UUID.class);
                    s.channel = Channel.valueOf(row.getString(2));
                    s.target = row.getString(3);
                    s.status = Status.valueOf(row.getString(4));
                    s.secret = row.getString(5);
                    s.previousSecret = row.getString(6);
                    s.previousSecretUntil = row.getObject(7, OffsetDateTime.class);
                    s.confirmToken = row.getString(8);
                    s.unsubscribeToken = row.getString(9);
                    s.contact = row.getString(10);
                    s.contactConfirmToken = row.getString(11);
                    s.contactConfirmedAt = row.getObject(12, OffsetDateTime.class);
                    return s;
                });
    }

    /**
     * Tells for each of these subscriptions that exists whether a failing streak is under way, with one plain query
     * and no lock: recording a batch of outcomes locks and reads through the persistence context only those its
     * outcomes change (most are successes with no streak to end). A streak begun after this read by an outcome
     * recorded concurrently is left as it is, as if this batch had been recorded first.
     */
    public static Map<UUID, Boolean> failingStreaks(Collection<UUID> ids) {
        return PlainSql.map("select id, failing_since is not null from subscription where id = any(?)",
                PlainSql.Parameters.array("uuid", ids), row -> row.getObject(1, UUID.class), row -> row.getBoolean(2));
    }

    /** These subscriptions, locked for update in id order (two transactions locking several wait, not deadlock), to be
     * changed. */
    public static List<Subscription> lockedByIds(Collection<UUID> ids) {
        PlainSql.list("select id from subscription where id = any(?) order by id for update",
                PlainSql.Parameters.array("uuid", ids), row -> row.getObject(1, UUID.class));
        return list("id in ?1", ids);
    }

    /** The subscription whose management token hashes to {@code tokenHash}. */
    public static Optional<Subscription> byTokenHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResultOptional();
    }

    /** One subscription as matching reads it: its filters as the JSON the column holds. */
    public record Written(UUID id, Status status, String filtersJson, Digest digest) {
    }

    /** The subscriptions written, and those deleted, by transactions that a snapshot did not see; and the snapshot now,
     * all as of one statement (so one snapshot). */
    public record WrittenSince(String snapshot, List<Written> written, List<UUID> removed) {
    }

    /**
     * What changed since {@code snapshot} (a PostgreSQL {@code pg_snapshot} as text; null: every subscription): each
     * row carries the transaction that last wrote it ({@code changed_in}, set by a trigger), and a deleted one leaves
     * a {@code subscription_removal} row with the transaction that deleted it (kept a week); a row committed after
     * that snapshot, or by a transaction under way when it was taken, is read; the others were read before. Read
     * outside any JTA transaction, through the indexes on those transactions: it runs for every poll of every source
     * topic, however many subscriptions there are.
     */
    public static WrittenSince writtenSince(DataSource database, String snapshot) {
        String after = "%1$s >= pg_snapshot_xmin(cast(? as pg_snapshot)) and not pg_visible_in_snapshot(%1$s, "
                + "cast(? as pg_snapshot))";
        record Row(String snapshot, Written written, UUID removed) {
        }
        List<Row> rows = PlainSql.listOutsideTransactions(database, "select v.snapshot, c.removed, c.id, c.status, "
                + "c.filters, c.digest from (select cast(pg_current_snapshot() as text) as snapshot) v left join ("
                + "select false as removed, s.id, s.status, cast(s.filters as text) as filters, s.digest from "
                + "subscription s where " + (snapshot == null ? "true" : after.formatted("s.changed_in"))
                + " union all select true, r.subscription_id, null, null, null from subscription_removal r where "
                + (snapshot == null ? "false" : after.formatted("r.removed_in")) + ") c on true",
                snapshot == null ? PlainSql.Parameters.NONE : PlainSql.Parameters.of(snapshot, snapshot, snapshot, snapshot),
                row -> {
                    UUID id = row.getObject(3, UUID.class);
                    if (id == null) {
                        return new Row(row.getString(1), null, null); // nothing changed
                    }
                    return row.getBoolean(2) ? new Row(row.getString(1), null, id) : new Row(row.getString(1),
                            new Written(id, Status.valueOf(row.getString(4)), row.getString(5),
                                    Digest.ofWireName(row.getString(6)).orElseThrow()), null);
                });
        return new WrittenSince(rows.get(0).snapshot(), rows.stream().map(Row::written).filter(Objects::nonNull).toList(),
                rows.stream().map(Row::removed).filter(Objects::nonNull).toList());
    }
}
