package io.tariffwatch.support.quota;

import java.time.Duration;

/** How many requests one client may make per window (a config group: {@code requests}, {@code per}). */
public interface Quota {
    int requests();

    Duration per();
}
