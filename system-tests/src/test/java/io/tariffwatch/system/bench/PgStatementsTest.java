package io.tariffwatch.system.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PgStatementsTest {
    @Test
    void aStatementIsShownOnOneLineSafeInATableCell() {
        assertEquals("select a \\|\\| 'b' from t where x = $1",
                PgStatements.shown("select a || `b`\n  from t\n\twhere x = $1\n"));
    }

    @Test
    void aLongStatementIsCut() {
        String shown = PgStatements.shown("select " + "x, ".repeat(200) + "y from t");
        assertEquals(301, shown.length());
        assertEquals('…', shown.charAt(300));
    }
}
