package dev.ccag.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every period boundary: calendar days, ISO weeks, month ends (February, leap years), DST days, time zones. */
class BudgetPeriodTest {

    @ParameterizedTest(name = "{0} {1} at {2}")
    @CsvSource({
            // period, zone, now, expected start, expected end
            "daily,   UTC,              2026-03-01T00:00:00Z,     2026-03-01T00:00:00Z, 2026-03-02T00:00:00Z",
            "daily,   UTC,              2026-02-28T23:59:59.999Z, 2026-02-28T00:00:00Z, 2026-03-01T00:00:00Z",
            "daily,   UTC,              2026-12-31T12:00:00Z,     2026-12-31T00:00:00Z, 2027-01-01T00:00:00Z",
            // New York springs forward on 2026-03-08: a 23-hour day
            "daily,   America/New_York, 2026-03-08T12:00:00Z,     2026-03-08T05:00:00Z, 2026-03-09T04:00:00Z",
            // Berlin falls back on 2026-10-25: a 25-hour day
            "daily,   Europe/Berlin,    2026-10-25T12:00:00Z,     2026-10-24T22:00:00Z, 2026-10-25T23:00:00Z",
            // still the previous local day in Los Angeles
            "daily,   America/Los_Angeles, 2026-06-02T06:59:59Z,  2026-06-01T07:00:00Z, 2026-06-02T07:00:00Z",
            "daily,   Asia/Kolkata,     2026-06-01T18:30:00Z,     2026-06-01T18:30:00Z, 2026-06-02T18:30:00Z",
            // ISO weeks start on Monday: 2026-11-23 is a Monday
            "weekly,  UTC,              2026-11-24T10:00:00Z,     2026-11-23T00:00:00Z, 2026-11-30T00:00:00Z",
            "weekly,  UTC,              2026-11-29T23:59:59Z,     2026-11-23T00:00:00Z, 2026-11-30T00:00:00Z",
            "weekly,  UTC,              2026-11-30T00:00:00Z,     2026-11-30T00:00:00Z, 2026-12-07T00:00:00Z",
            "weekly,  UTC,              2027-01-01T00:00:00Z,     2026-12-28T00:00:00Z, 2027-01-04T00:00:00Z",
            // Sunday evening in UTC is already Monday in Tokyo
            "weekly,  Asia/Tokyo,       2026-11-29T16:00:00Z,     2026-11-29T15:00:00Z, 2026-12-06T15:00:00Z",
            // Berlin springs forward on Sunday 2026-03-29: that week is 167 hours, the next starts at 00:00 CEST
            "weekly,  Europe/Berlin,    2026-03-29T12:00:00Z,     2026-03-22T23:00:00Z, 2026-03-29T22:00:00Z",
            "weekly,  Europe/Berlin,    2026-03-30T12:00:00Z,     2026-03-29T22:00:00Z, 2026-04-05T22:00:00Z",
            "monthly, UTC,              2026-02-15T00:00:00Z,     2026-02-01T00:00:00Z, 2026-03-01T00:00:00Z",
            "monthly, UTC,              2028-02-29T23:59:59Z,     2028-02-01T00:00:00Z, 2028-03-01T00:00:00Z",
            "monthly, UTC,              2026-12-31T23:59:59Z,     2026-12-01T00:00:00Z, 2027-01-01T00:00:00Z",
            "monthly, UTC,              2026-04-30T23:59:59Z,     2026-04-01T00:00:00Z, 2026-05-01T00:00:00Z",
            // 01:00 on 1 February in Tokyo is still January in UTC
            "monthly, Asia/Tokyo,       2026-01-31T16:00:00Z,     2026-01-31T15:00:00Z, 2026-02-28T15:00:00Z",
            // a month that contains a DST change: March in New York
            "monthly, America/New_York, 2026-03-20T00:00:00Z,     2026-03-01T05:00:00Z, 2026-04-01T04:00:00Z",
    })
    void periodContainingNow(String period, String zone, String now, String start, String end) {
        BudgetPeriod.Window w = BudgetPeriod.parse(period).windowAt(Instant.parse(now), ZoneId.of(zone));
        assertThat(w.start()).isEqualTo(Instant.parse(start));
        assertThat(w.end()).isEqualTo(Instant.parse(end));
        assertThat(w.contains(Instant.parse(now))).isTrue();
        assertThat(w.contains(Instant.parse(end))).isFalse();
        assertThat(w.contains(Instant.parse(start).minusNanos(1))).isFalse();
    }

    @Test
    void dstDaysLast23And25Hours() {
        ZoneId ny = ZoneId.of("America/New_York");
        BudgetPeriod.Window spring = BudgetPeriod.DAILY.windowAt(Instant.parse("2026-03-08T15:00:00Z"), ny);
        BudgetPeriod.Window fall = BudgetPeriod.DAILY.windowAt(Instant.parse("2026-11-01T15:00:00Z"), ny);
        assertThat(Duration.between(spring.start(), spring.end())).isEqualTo(Duration.ofHours(23));
        assertThat(Duration.between(fall.start(), fall.end())).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void aDayWhoseMidnightFallsInADstGapStartsWhenTheGapEnds() {
        // Santiago springs forward at 24:00 on 2026-09-05: 2026-09-06 begins at 01:00 local (04:00Z)
        ZoneId santiago = ZoneId.of("America/Santiago");
        BudgetPeriod.Window w = BudgetPeriod.DAILY.windowAt(Instant.parse("2026-09-06T12:00:00Z"), santiago);
        assertThat(w.start().atZone(santiago).toLocalDate()).hasToString("2026-09-06");
        assertThat(w.start().atZone(santiago).getHour()).isEqualTo(1);
    }

    @Test
    void totalNeverResets() {
        BudgetPeriod.Window w = BudgetPeriod.TOTAL.windowAt(Instant.parse("2026-11-24T10:00:00Z"), ZoneId.of("UTC"));
        assertThat(w.start()).isNull();
        assertThat(w.end()).isNull();
        assertThat(w.contains(Instant.EPOCH)).isTrue();
        assertThatThrownBy(() -> BudgetPeriod.parse("yearly")).hasMessageContaining("daily, weekly, monthly or total");
    }
}
