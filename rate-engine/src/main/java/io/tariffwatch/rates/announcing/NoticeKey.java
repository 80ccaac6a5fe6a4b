package io.tariffwatch.rates.announcing;

import io.tariffwatch.rates.domain.Transition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** One notice: an upcoming move of a key, told {@code lead} ahead. Its id is a name-based UUID of these, so the
 * same notice has the same id whichever instance or restart sends it (claimed once in the ledger). */
public record NoticeKey(DutyKey key, Transition move, Duration lead) {
    public UUID id() {
        String name = String.join("|", "notice", key.imposer(), key.partner(), key.product(), move.at().toString(),
                move.previous().stripTrailingZeros().toPlainString(), move.next().stripTrailingZeros().toPlainString(),
                lead.toString());
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** The same move told with another lead. */
    public NoticeKey withLead(Duration other) {
        return new NoticeKey(key, move, other);
    }
}
