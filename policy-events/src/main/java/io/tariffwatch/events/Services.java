package io.tariffwatch.events;

/** The three services (the README's "Layout"): their HTTP ports and their databases. The deployment files
 * (docker-compose.yml, deploy/k8s) are checked against this by DeployConsistencyTest. */
public enum Services {
    POLICY_INGEST("policy-ingest", 8081, "ingest"),
    RATE_ENGINE("rate-engine", 8082, "rates"),
    ALERT_SERVICE("alert-service", 8083, "alerts");

    private final String serviceName;
    private final int port;
    private final String database;

    Services(String serviceName, int port, String database) {
        this.serviceName = serviceName;
        this.port = port;
        this.database = database;
    }

    public String serviceName() {
        return serviceName;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }
}
