package dev.ccag.gateway.observe;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code %isoTime}: the event's time as {@code yyyy-MM-dd'T'HH:mm:ss.SSSXXX} in the system zone, the
 * same text as {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}}.
 *
 * <p>Why not {@code %d}: with milliseconds in the pattern logback formats every line through a
 * {@link DateTimeFormatter}, about 1.2 % of the gateway's CPU at several thousand access-log lines a
 * second. Here the text up to the seconds and the zone offset are formatted once per second (the
 * offset can change only on a second boundary) and the milliseconds are appended by hand.
 */
public final class IsoTimestampConverter extends ClassicConverter {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("XXX");

    private final ZoneId zone;
    private volatile Second second;

    public IsoTimestampConverter() {
        this(ZoneId.systemDefault());
    }

    IsoTimestampConverter(ZoneId zone) {
        this.zone = zone;
    }

    /** One second's text: everything before the milliseconds, and the offset after them. */
    private record Second(long epochSecond, String upToSeconds, String offset) {}

    @Override
    public String convert(ILoggingEvent event) {
        return format(event.getTimeStamp());
    }

    String format(long epochMillis) {
        long epochSecond = Math.floorDiv(epochMillis, 1000L);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        Second s = second;
        if (s == null || s.epochSecond != epochSecond) {
            ZonedDateTime t = Instant.ofEpochSecond(epochSecond).atZone(zone);
            s = new Second(epochSecond, SECONDS.format(t), OFFSET.format(t));
            second = s;
        }
        StringBuilder b = new StringBuilder(s.upToSeconds.length() + 4 + s.offset.length());
        b.append(s.upToSeconds).append('.');
        b.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10));
        return b.append(s.offset).toString();
    }
}
