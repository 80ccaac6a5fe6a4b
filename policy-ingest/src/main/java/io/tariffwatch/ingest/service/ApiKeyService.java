package io.tariffwatch.ingest.service;

import io.quarkus.runtime.StartupEvent;
import io.tariffwatch.ingest.config.IngestConfig;
import io.tariffwatch.ingest.repository.ApiKey;
import io.tariffwatch.support.problem.Problem;
import io.tariffwatch.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/** Publisher API keys: bearer authentication and the bootstrap key from TARIFFWATCH_PUBLISHER_KEY. */
@ApplicationScoped
public class ApiKeyService {
    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);
    static final String BOOTSTRAP_NAME = "bootstrap-publisher";

    private final IngestConfig config;

    ApiKeyService(IngestConfig config) {
        this.config = config;
    }

    @Transactional
    void createBootstrapKey(@Observes StartupEvent start) {
        config.publisherKey().filter(k -> !k.isBlank()).ifPresent(key -> {
            String hash = PolicyEventService.sha256(key);
            if (ApiKey.findByHash(hash).isEmpty() && ApiKey.find("name", BOOTSTRAP_NAME).firstResultOptional().isEmpty()) {
                ApiKey k = new ApiKey();
                k.name = BOOTSTRAP_NAME;
                k.keyHash = hash;
                k.role = ApiKey.Role.PUBLISHER;
                k.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
                k.persist();
                LOG.info("created the bootstrap publisher key from TARIFFWATCH_PUBLISHER_KEY");
            }
        });
    }

    /** The key named by an {@code Authorization: Bearer …} header, holding {@code role} (any key may read;
     * an admin key may do everything); else 401/403. */
    @Transactional
    public ApiKey authenticate(String authorization, ApiKey.Role role) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("send 'Authorization: Bearer <publisher API key>'");
        }
        ApiKey key = ApiKey.findByHash(PolicyEventService.sha256(authorization.substring(7).trim()))
                .filter(k -> k.revokedAt == null)
                .orElseThrow(() -> unauthorized("the API key is unknown or revoked"));
        if (role != ApiKey.Role.READER && key.role != role && key.role != ApiKey.Role.ADMIN) {
            throw new ProblemException(Problem.of(Response.Status.FORBIDDEN,
                    "the key '" + key.name + "' has the role " + key.role + ", not " + role));
        }
        return key;
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of(Response.Status.UNAUTHORIZED, detail));
    }
}
