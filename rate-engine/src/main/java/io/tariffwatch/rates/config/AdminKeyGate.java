package io.tariffwatch.rates.config;

import io.tariffwatch.support.AdminGate;
import io.tariffwatch.support.Credentials;
import io.tariffwatch.support.domain.Refused;
import jakarta.enterprise.context.ApplicationScoped;

/** The engine's admin endpoints answer the one configured admin key; they are closed without one. */
@ApplicationScoped
public class AdminKeyGate implements AdminGate {
    private final RatesConfig config;

    AdminKeyGate(RatesConfig config) {
        this.config = config;
    }

    @Override
    public void requireAdmin(String authorization) {
        String key = config.adminKey().filter(k -> !k.isBlank()).orElseThrow(() ->
                Refused.notPermitted("admin endpoints are closed: TARIFFWATCH_ADMIN_KEY is not set"));
        if (!Credentials.same(key, Credentials.bearer(authorization))) {
            throw Refused.notAuthenticated("send 'Authorization: Bearer <admin key>'");
        }
    }
}
