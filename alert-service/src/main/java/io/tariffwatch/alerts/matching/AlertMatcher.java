package io.tariffwatch.alerts.matching;

import io.tariffwatch.events.HsCodes;
import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.alerts.subscriptions.Filters;
import io.tariffwatch.events.Countries;
import java.util.List;

/** Whether a subscription's filters take an alert source. Plain Java: every rule is table-tested. */
public final class AlertMatcher {
    private AlertMatcher() {
    }

    public static boolean matches(Filters f, AlertSource s) {
        if (s.type() == AlertType.POLICY_DOCUMENT) {
            return documentMatches(f, s);
        }
        return (f.imposers().isEmpty() || f.imposers().contains(s.imposer()))
                && (f.partners().isEmpty() || f.partners().stream().anyMatch(p -> partnerMatches(p, s.partners())))
                && (f.products().isEmpty() || f.products().stream().anyMatch(p -> productMatches(p, s.product())))
                && (f.kinds().isEmpty() || f.kinds().contains(s.kind()))
                && (f.minDelta() == null || s.delta() == null || s.delta().abs().compareTo(f.minDelta()) >= 0)
                && (f.minStage() == null || s.stage() == null || s.stage().atLeast(f.minStage()));
    }

    /**
     * A document says no partner, product or move in a structured way: it reaches the subscriptions that list the
     * {@code DOCUMENT} kind and whose imposers, if any, include the document's country; other filters do not apply.
     */
    static boolean documentMatches(Filters f, AlertSource s) {
        return f.kinds().contains(AlertKind.DOCUMENT) && (f.imposers().isEmpty() || f.imposers().contains(s.imposer()));
    }

    /** A filter partner takes itself, every partner of an event aimed at {@code *}, the EU's members when it
     * is {@code EU}, and the EU when it is a member. */
    static boolean partnerMatches(String filter, List<String> partners) {
        for (String p : partners) {
            if (p.equals(filter) || Countries.ALL.equals(p)
                    || (Countries.EU.equals(filter) && Countries.EU_MEMBERS.contains(p))
                    || (Countries.EU.equals(p) && Countries.EU_MEMBERS.contains(filter))) {
                return true;
            }
        }
        return false;
    }

    /** HS prefixes match both ways (8517 takes 851713 and 85); general goods ({@code *} or none) concern
     * every product a subscriber follows. */
    static boolean productMatches(String filter, String product) {
        return product == null || HsCodes.isAllProducts(product) || product.startsWith(filter) || filter.startsWith(product);
    }
}
