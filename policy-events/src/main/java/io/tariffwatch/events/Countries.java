package io.tariffwatch.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** ISO 3166-1 alpha-2 codes (the JDK's list) and the European Union's 27 member states. */
public final class Countries {
    public static final String EU = "EU";
    /** Every partner of the imposer (an event's targets); general goods are {@link HsCodes#ALL_PRODUCTS}. */
    public static final String ALL = "*";
    public static final Set<String> ISO = Set.copyOf(Arrays.asList(Locale.getISOCountries()));
    public static final Set<String> EU_MEMBERS = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR",
            "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");

    private Countries() {
    }

    public static boolean isCountryOrEu(String code) {
        return EU.equals(code) || ISO.contains(code);
    }

    /** Whether a country can be a partner of the imposer: any ISO country but the imposer (and, for the EU as
     * imposer, its members). */
    public static boolean isPartnerOf(String imposer, String country) {
        return ISO.contains(country) && !country.equals(imposer) && !(EU.equals(imposer) && EU_MEMBERS.contains(country));
    }

    /** Every ISO country except the imposer (and, for the EU as imposer, its members). */
    public static Set<String> allExcept(String imposer) {
        Set<String> all = new TreeSet<>(ISO);
        all.remove(imposer);
        if (EU.equals(imposer)) {
            all.removeAll(EU_MEMBERS);
        }
        return all;
    }
}
