package io.tariffwatch.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.tariffwatch.support.persistence.PlainSql;
import io.tariffwatch.support.security.Roles;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;

/** A publisher API key; only its SHA-256 hash is stored. */
@Entity
@Table(name = "api_key")
public class ApiKey extends PanacheEntityBase {
    /** What a key may do: any key reads; an admin key does everything. */
    public enum Role {
        PUBLISHER(Set.of(Roles.READER, Roles.PUBLISHER)),
        ADMIN(Set.of(Roles.READER, Roles.PUBLISHER, Roles.ADMIN)),
        READER(Set.of(Roles.READER));

        private final Set<String> grants;

        Role(Set<String> grants) {
            this.grants = grants;
        }

        /** The {@code @RolesAllowed} roles a key of this role holds. */
        public Set<String> grants() {
            return grants;
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String name;

    @Column(name = "key_hash", nullable = false, unique = true)
    public String keyHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Role role;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    /** From {@code now} the key is refused; a key revoked before keeps its first revocation time. */
    public void revoked(OffsetDateTime now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    /** The key with this hash, revoked or not, read plainly and not to be changed: looking a key up (at start, and
     * for a secret not checked recently) needs no query parser — an HQL query here had loaded Hibernate's (~450
     * classes) on every start. */
    public static Optional<ApiKey> findByHash(String hash) {
        return PlainSql.list("select id, name, key_hash, role, created_at, revoked_at from api_key where key_hash = ?",
                PlainSql.Parameters.of(hash), row -> {
                    ApiKey k = new ApiKey();
                    k.id = row.getLong(1);
                    k.name = row.getString(2);
                    k.keyHash = row.getString(3);
                    k.role = Role.valueOf(row.getString(4));
                    k.createdAt = row.getObject(5, OffsetDateTime.class);
                    k.revokedAt = row.getObject(6, OffsetDateTime.class);
                    return k;
                }).stream().findFirst();
    }

    /** Whether a key has this name (names are unique). */
    public static boolean named(String name) {
        return !PlainSql.list("select 1 from api_key where name = ?", PlainSql.Parameters.of(name),
                row -> true).isEmpty();
    }
}
