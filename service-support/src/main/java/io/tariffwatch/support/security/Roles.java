package io.tariffwatch.support.security;

/** The roles that {@code @RolesAllowed} names across the services; each service's identity provider grants them. */
public final class Roles {
    /** reads policy events and drafts (every ingest key) */
    public static final String READER = "reader";
    /** publishes policy events and drafts */
    public static final String PUBLISHER = "publisher";
    /** manages keys, the outbox, rebuilds, every subscription */
    public static final String ADMIN = "admin";
    /** presents a management token: the subscription it manages, if any, is resolved against the one asked for */
    public static final String MANAGEMENT_TOKEN = "management-token";

    private Roles() {
    }
}
