package io.tariffwatch.events;

/** How far along a policy is; ordered from least to most certain. */
public enum Stage {
    THREATENED, ANNOUNCED, ENACTED;

    public boolean atLeast(Stage other) {
        return compareTo(other) >= 0;
    }
}
