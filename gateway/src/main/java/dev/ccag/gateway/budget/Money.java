package dev.ccag.gateway.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Micro-dollars as people read them. */
final class Money {
    private Money() {}

    static String usd(long micros) {
        return "$" + BigDecimal.valueOf(micros, 6).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    static BigDecimal decimal(long micros) {
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    }
}
