package io.tariffwatch.system;

import java.util.HashMap;
import java.util.Map;

/**
 * The whole pipeline on one system, as a user runs it: the three services and a real webhook receiver
 * (on 127.0.0.1, which alert-service is told to allow).
 */
final class Pipeline implements AutoCloseable {
    final TariffWatchSystem system;
    final WebhookReceiver receiver;
    final ServiceProcess ingest;
    final ServiceProcess rates;
    final ServiceProcess alerts;

    private Pipeline(TariffWatchSystem system, WebhookReceiver receiver, ServiceProcess ingest, ServiceProcess rates,
                     ServiceProcess alerts) {
        this.system = system;
        this.receiver = receiver;
        this.ingest = ingest;
        this.rates = rates;
        this.alerts = alerts;
    }

    static Pipeline start(String name, String publisherKey, Map<String, String> alertEnv) throws Exception {
        TariffWatchSystem system = TariffWatchSystem.start(name);
        WebhookReceiver receiver = new WebhookReceiver();
        try {
            ServiceProcess ingest = system.service("policy-ingest", "ingest", Map.of("TARIFFWATCH_PUBLISHER_KEY", publisherKey));
            ServiceProcess rates = system.service("rate-engine", "rates", Map.of());
            Map<String, String> env = new HashMap<>(alertEnv);
            env.put("TARIFFWATCH_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1");
            ServiceProcess alerts = system.service("alert-service", "alerts", env);
            return new Pipeline(system, receiver, ingest, rates, alerts);
        } catch (Exception | AssertionError e) {
            receiver.close();
            system.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        receiver.close();
        system.close();
    }
}
