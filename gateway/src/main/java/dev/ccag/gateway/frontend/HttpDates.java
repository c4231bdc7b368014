package dev.ccag.gateway.frontend;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The {@code Date} header line, formatted once a second rather than once a response. */
final class HttpDates {
    private record Line(long second, byte[] bytes) {}

    private static volatile Line current = new Line(-1, new byte[0]);

    private HttpDates() {}

    /** {@code Date: <IMF-fixdate>\r\n} for the current second. */
    static byte[] line() {
        long second = System.currentTimeMillis() / 1000;
        Line l = current;
        if (l.second != second) {
            String text = "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC)) + "\r\n";
            l = new Line(second, text.getBytes(StandardCharsets.US_ASCII));
            current = l;
        }
        return l.bytes;
    }
}
