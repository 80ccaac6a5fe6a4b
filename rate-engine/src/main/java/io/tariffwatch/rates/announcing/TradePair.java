package io.tariffwatch.rates.announcing;

/** An imposer and one partner whose goods it taxes. */
public record TradePair(String imposer, String partner) {
    DutyKey key(String product) {
        return new DutyKey(imposer, partner, product);
    }
}
