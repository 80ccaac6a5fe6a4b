package io.tariffwatch.dashboard.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a page got from a service: the answer, or why not — the service was unavailable (down, slow, or its
 * circuit open) or it refused the request (a 4xx, with the service's own problem). A page renders either way.
 */
public record Fetched<T>(T value, String unavailable, UpstreamProblem refused) {
    public static <T> Fetched<T> of(T value) {
        return new Fetched<>(value, null, null);
    }

    static <T> Fetched<T> unavailable(String service) {
        return new Fetched<>(null, service + " is unavailable right now; this part of the page is left out", null);
    }

    static <T> Fetched<T> refused(UpstreamProblem problem) {
        return new Fetched<>(null, null, problem);
    }

    public boolean ok() {
        return unavailable == null && refused == null;
    }

    /** The message to show where the value would be; null when there is a value. */
    public String failure() {
        return unavailable != null ? unavailable : refused == null ? null : refused.describe();
    }

    /** What a page says about the parts it lacks: each distinct outage once (refusals are shown where they occur). */
    public static List<String> outages(Fetched<?>... fetched) {
        List<String> notes = new ArrayList<>();
        for (Fetched<?> f : fetched) {
            if (f.unavailable() != null && !notes.contains(f.unavailable())) {
                notes.add(f.unavailable());
            }
        }
        return notes;
    }

    public T orElse(T fallback) {
        return ok() ? value : fallback;
    }

    public <R> Fetched<R> map(Function<T, R> f) {
        return ok() ? of(f.apply(value)) : new Fetched<>(null, unavailable, refused);
    }
}
