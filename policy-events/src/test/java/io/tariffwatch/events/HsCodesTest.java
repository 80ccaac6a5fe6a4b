package io.tariffwatch.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one reading of HS codes that every service shares. */
class HsCodesTest {
    @ParameterizedTest(name = "''{0}'' → {1}")
    @CsvSource(nullValues = "none", value = {
            "85, 85",
            "8517, 8517",
            "851713, 851713",
            "8517.13, 851713",
            "85.17.13, 851713",
            "8517.13.00.00, 8517130000",
            "8517130000, 8517130000",
            "8, none",
            "851, none",
            "85171300001, none",
            "851713000012, none",
            ".8517, none",
            "8517., none",
            "85..17, none",
            "85a1, none",
            "'85 17', none",
            "'', none",
            "*, none",
            "８５１７, none",
            "8517.13.00.00.00.00, none"})
    void readsAnHsCodeAsItsDigitsOrNot(String written, String digits) {
        assertEquals(Optional.ofNullable(digits), HsCodes.digits(written));
    }
}
