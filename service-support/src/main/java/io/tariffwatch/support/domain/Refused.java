package io.tariffwatch.support.domain;

import io.tariffwatch.support.problem.Problem.FieldError;
import java.util.List;

/**
 * A request the domain refuses, thrown by services and said in the domain's words; the edge maps each
 * {@link Reason} to problem details ({@code ProblemMappers}), so services never speak HTTP. Who the caller is
 * and what it may do is Quarkus security's ({@code @RolesAllowed}), before any service runs.
 */
public final class Refused extends RuntimeException {
    /** Why: what the edge answers for each is its business. */
    public enum Reason {
        /** nothing of that name (for this caller) */
        NOT_FOUND,
        /** the thing's state does not allow it now */
        CONFLICT,
        /** the input breaks rules, each bad field named */
        INVALID,
        /** not now, not the caller's fault: try again */
        UNAVAILABLE
    }

    private final Reason reason;
    private final List<FieldError> violations;

    private Refused(Reason reason, String detail, List<FieldError> violations) {
        super(detail, null, false, false);
        this.reason = reason;
        this.violations = violations;
    }

    public static Refused notFound(String detail) {
        return new Refused(Reason.NOT_FOUND, detail, null);
    }

    public static Refused conflict(String detail) {
        return new Refused(Reason.CONFLICT, detail, null);
    }

    public static Refused invalid(String detail, List<FieldError> violations) {
        return new Refused(Reason.INVALID, detail, List.copyOf(violations));
    }

    public static Refused unavailable(String detail) {
        return new Refused(Reason.UNAVAILABLE, detail, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The bad fields of an {@link Reason#INVALID} input; null otherwise. */
    public List<FieldError> violations() {
        return violations;
    }

    /** The caller could send it again later and succeed: not the input's fault. */
    public boolean transientRefusal() {
        return reason == Reason.UNAVAILABLE;
    }
}
