package io.tariffwatch.support;

/** Each service's one rule for who may use its admin endpoints (those of service-support included). */
public interface AdminGate {
    /** Returns when {@code authorization} names an admin; otherwise throws a 401/403 problem. */
    void requireAdmin(String authorization);
}
