package io.tariffwatch.rates.api;

import io.tariffwatch.rates.config.RatesConfig;
import io.tariffwatch.support.quota.ClientQuotas;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** The rate and measure APIs answer anyone: each client address gets a quota, so that one cannot starve the
 * others (behind a proxy, set quarkus.http.proxy.proxy-address-forwarding to count the forwarded address). */
public class ReadQuotaFilter {
    /** Client addresses tracked at once; the least recently seen are forgotten beyond. */
    private static final int MAX_TRACKED_ADDRESSES = 100_000;

    private final ClientQuotas perAddress;

    ReadQuotaFilter(RatesConfig config) {
        this.perAddress = new ClientQuotas("rate API requests per client address", config.quota().perAddress(),
                MAX_TRACKED_ADDRESSES);
    }

    @ServerRequestFilter
    public void admit(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/api/v1/rates") || path.startsWith("/api/v1/measures")) {
            perAddress.admit(http.remoteAddress().hostAddress());
        }
    }
}
