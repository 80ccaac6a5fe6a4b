package io.tariffwatch.ingest.service;

import io.tariffwatch.support.domain.Refused;
import io.quarkus.runtime.StartupEvent;
import io.tariffwatch.ingest.config.IngestConfig;
import io.tariffwatch.ingest.repository.ApiKey;
import io.tariffwatch.support.AdminGate;
import io.tariffwatch.support.Credentials;
import io.tariffwatch.support.problem.Problem;
import io.tariffwatch.support.quota.ClientQuotas;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;

/** Publisher API keys: bearer authentication and the bootstrap key from TARIFFWATCH_PUBLISHER_KEY. */
@ApplicationScoped
public class ApiKeyService implements AdminGate {
    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** API keys tracked at once for their quota: far more than any deployment issues. */
    private static final int MAX_TRACKED_KEYS = 10_000;

    private final IngestConfig config;
    private final ClientQuotas perKey;

    private final Clock clock;

    ApiKeyService(IngestConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.perKey = new ClientQuotas("requests per API key", config.quota().perKey(), MAX_TRACKED_KEYS);
    }

    @Transactional
    void createBootstrapKeys(@Observes StartupEvent start) {
        config.publisherKey().filter(k -> !k.isBlank()).ifPresent(k -> bootstrap("bootstrap-publisher", k, ApiKey.Role.PUBLISHER));
        config.adminKey().filter(k -> !k.isBlank()).ifPresent(k -> bootstrap("bootstrap-admin", k, ApiKey.Role.ADMIN));
        config.readerKey().filter(k -> !k.isBlank()).ifPresent(k -> bootstrap("bootstrap-reader", k, ApiKey.Role.READER));
    }

    private void bootstrap(String name, String key, ApiKey.Role role) {
        if (ApiKey.findByHash(Credentials.sha256Hex(key)).isEmpty() && ApiKey.find("name", name).firstResultOptional().isEmpty()) {
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
        if (ApiKey.find("name", name).firstResultOptional().isPresent()) {
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

    @Transactional
    public void revoke(String name) {
        ApiKey k = ApiKey.<ApiKey>find("name", name).firstResultOptional().orElseThrow(() ->
                Refused.notFound("no key named '" + name + "'"));
        k.revoked(OffsetDateTime.now(clock));
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

    /** The key named by an {@code Authorization: Bearer …} header, holding {@code role} (any key may read;
     * an admin key may do everything); else 401/403, and 429 when the key is over its quota. */
    @Transactional
    public ApiKey authenticate(String authorization, ApiKey.Role role) {
        String presented = Credentials.bearer(authorization);
        if (presented == null) {
            throw unauthorized("send 'Authorization: Bearer <publisher API key>'");
        }
        ApiKey key = ApiKey.findByHash(Credentials.sha256Hex(presented))
                .filter(k -> k.revokedAt == null)
                .orElseThrow(() -> unauthorized("the API key is unknown or revoked"));
        if (role != ApiKey.Role.READER && key.role != role && key.role != ApiKey.Role.ADMIN) {
            throw Refused.notPermitted("the key '" + key.name + "' has the role " + key.role + ", not " + role);
        }
        perKey.admit(key.name);
        return key;
    }

    @Override
    public void requireAdmin(String authorization) {
        authenticate(authorization, ApiKey.Role.ADMIN);
    }

    private static Refused unauthorized(String detail) {
        return Refused.notAuthenticated(detail);
    }
}
