package io.tariffwatch.ingest.service;

import io.tariffwatch.support.domain.Refused;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.tariffwatch.ingest.config.IngestConfig;
import io.tariffwatch.ingest.repository.ApiKey;
import io.tariffwatch.support.Credentials;
import io.tariffwatch.support.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** API keys: created, listed, revoked, looked up by secret; the bootstrap keys from the environment. */
@ApplicationScoped
public class ApiKeyService {
    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Keys trusted without a lookup for a while; more than any deployment has, so it rarely starts over. */
    private static final int RECENT_KEYS = 10_000;

    private final IngestConfig config;
    private final Clock clock;
    private final RecentKeyChecks recentChecks;

    ApiKeyService(IngestConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.recentChecks = new RecentKeyChecks(config.apiKeys().recheckAfter(), RECENT_KEYS, clock);
    }

    @Transactional
    void createBootstrapKeys(@Observes StartupEvent start) {
        config.publisherKey().filter(k -> !k.isBlank()).ifPresent(k -> bootstrap("bootstrap-publisher", k, ApiKey.Role.PUBLISHER));
        config.adminKey().filter(k -> !k.isBlank()).ifPresent(k -> bootstrap("bootstrap-admin", k, ApiKey.Role.ADMIN));
        config.readerKey().filter(k -> !k.isBlank()).ifPresent(k -> bootstrap("bootstrap-reader", k, ApiKey.Role.READER));
    }

    private void bootstrap(String name, String key, ApiKey.Role role) {
        if (ApiKey.findByHash(Credentials.sha256Hex(key)).isEmpty() && !ApiKey.named(name)) {
            persist(name, key, role);
            LOG.infof("created the %s key '%s' from the environment", role, name);
        }
    }

    /** A new key with a random secret, shown only in this answer. */
    @Transactional
    public NewKey create(String name, ApiKey.Role role) {
        if (name == null || !name.matches("[A-Za-z0-9._:@-]{1,200}")) {
            throw Refused.invalid("the key needs a name",
                    List.of(new Problem.FieldError("/name", "pattern", name, "1–200 characters of A-Z a-z 0-9 . _ : @ -")));
        }
        if (role == null) {
            throw Refused.invalid("the key needs a role",
                    List.of(new Problem.FieldError("/role", "enum", null, "PUBLISHER, READER or ADMIN")));
        }
        if (ApiKey.named(name)) {
            throw Refused.conflict("a key named '" + name + "' exists");
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = "twk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        ApiKey k = persist(name, secret, role);
        return new NewKey(k.name, k.role, secret, k.createdAt);
    }

    @Transactional
    public List<ApiKey> list() {
        return ApiKey.list("order by createdAt");
    }

    /** Revokes the key: refused from the commit on by this instance, by others within the recheck interval. */
    public void revoke(String name) {
        QuarkusTransaction.requiringNew().run(() -> {
            ApiKey k = ApiKey.<ApiKey>find("name", name).firstResultOptional().orElseThrow(() ->
                    Refused.notFound("no key named '" + name + "'"));
            k.revoked(OffsetDateTime.now(clock));
        });
        recentChecks.revoked(name);
    }

    private ApiKey persist(String name, String key, ApiKey.Role role) {
        ApiKey k = new ApiKey();
        k.name = name;
        k.keyHash = Credentials.sha256Hex(key);
        k.role = role;
        k.createdAt = OffsetDateTime.now(clock);
        k.persist();
        return k;
    }

    public record NewKey(String name, ApiKey.Role role, String key, OffsetDateTime createdAt) {
    }

    /** Who holds the key whose secret is {@code secret}, if it was found live recently: no database, so callers on an
     * I/O thread may ask (empty: ask {@link #holderOf}). */
    public Optional<KeyHolder> recentHolderOf(String secret) {
        return recentChecks.live(Credentials.sha256Hex(secret));
    }

    /** Who holds the live key whose secret is {@code secret}; empty when it is unknown or revoked. */
    public Optional<KeyHolder> holderOf(String secret) {
        String hash = Credentials.sha256Hex(secret);
        Optional<KeyHolder> recent = recentChecks.live(hash);
        if (recent.isPresent()) {
            return recent;
        }
        long revocationsBefore = recentChecks.revocations();
        Optional<KeyHolder> found = QuarkusTransaction.requiringNew().call(() -> ApiKey.findByHash(hash)
                .filter(k -> k.revokedAt == null).map(k -> new KeyHolder(k.name, k.role)));
        found.ifPresent(holder -> recentChecks.found(hash, holder, revocationsBefore));
        return found;
    }
}
