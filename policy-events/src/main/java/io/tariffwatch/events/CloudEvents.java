package io.tariffwatch.events;

import java.util.Locale;

/** CloudEvents 1.0 binary-mode Kafka headers carried by every record (the README's "Topics"). */
public final class CloudEvents {
    public static final String SPECVERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";
    public static final String SPEC_VERSION_VALUE = "1.0";

    public static final String TYPE_RATE_CHANGED = "tariffwatch.rate.changed";
    public static final String TYPE_RATE_CORRECTED = "tariffwatch.rate.corrected";
    public static final String TYPE_RATE_UPCOMING = "tariffwatch.rate.upcoming";
    public static final String TYPE_POLICY_REJECTED = "tariffwatch.policy.rejected";
    public static final String TYPE_POLICY_DOCUMENT = "tariffwatch.policy.document";

    private CloudEvents() {
    }

    public static String policyType(Kind kind) {
        return "tariffwatch.policy." + kind.name().toLowerCase(Locale.ROOT);
    }
}
