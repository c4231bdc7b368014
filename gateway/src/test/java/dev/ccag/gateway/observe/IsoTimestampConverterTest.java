package dev.ccag.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoTimestampConverterTest {
    private static final DateTimeFormatter REFERENCE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    @Test
    void matchesTheDateTimeFormatterInZonesWithDaylightSavingHalfHoursAndUtc() {
        SplittableRandom random = new SplittableRandom(7);
        for (String id : new String[] {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham"}) {
            ZoneId zone = ZoneId.of(id);
            IsoTimestampConverter converter = new IsoTimestampConverter(zone);
            // Random instants from 1900 to 2100, including before the epoch (negative millis).
            for (int i = 0; i < 20_000; i++) {
                long millis = random.nextLong(-2_208_988_800_000L, 4_102_444_800_000L);
                assertThat(converter.format(millis)).as("%s at %d", id, millis).isEqualTo(expected(millis, zone));
            }
            // Millisecond by millisecond across each daylight-saving change of 2026 (and the same second twice in a row).
            var rules = zone.getRules();
            var transition = rules.nextTransition(Instant.parse("2026-01-01T00:00:00Z"));
            for (int n = 0; n < 2 && transition != null; n++, transition = rules.nextTransition(transition.getInstant())) {
                long at = transition.getInstant().toEpochMilli();
                for (long millis = at - 2_000; millis <= at + 2_000; millis += 7) {
                    assertThat(converter.format(millis)).isEqualTo(expected(millis, zone));
                    assertThat(converter.format(millis)).isEqualTo(expected(millis, zone));
                }
            }
        }
    }

    @Test
    void utcIsWrittenAsZ() {
        assertThat(new IsoTimestampConverter(ZoneId.of("UTC")).format(Instant.parse("2026-11-25T06:07:08.009Z").toEpochMilli()))
                .isEqualTo("2026-11-25T06:07:08.009Z");
    }

    @Test
    void worksAsAConversionWordInAPatternLayout() {
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("isoTime", IsoTimestampConverter::new);
        layout.setPattern("%isoTime %m%n");
        layout.start();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("ccag.access"), Level.INFO, "{\"a\":1}", null, null);
        event.setTimeStamp(1_764_050_828_123L);
        String expected = REFERENCE.format(Instant.ofEpochMilli(1_764_050_828_123L).atZone(ZoneId.systemDefault()));
        assertThat(layout.doLayout(event)).isEqualTo(expected + " {\"a\":1}" + System.lineSeparator());
    }

    @Test
    void theGatewaysLogbackConfigurationWritesAccessLinesWithIt() throws Exception {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        try {
            System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            ch.qos.logback.classic.joran.JoranConfigurator configurator = new ch.qos.logback.classic.joran.JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(getClass().getResource("/logback-spring.xml"));
            context.getLogger("ccag.access").info("{\"a\":1}");
            context.stop(); // the batching appender writes what it holds
        } finally {
            System.setOut(original);
        }
        assertThat(new ch.qos.logback.core.status.StatusUtil(context).getHighestLevel(0))
                .as("logback configuration errors").isLessThan(ch.qos.logback.core.status.Status.ERROR);
        String line = captured.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)  INFO .*--- ccag\\.access : \\{\"a\":1}");
    }

    private static String expected(long millis, ZoneId zone) {
        return REFERENCE.format(Instant.ofEpochMilli(millis).atZone(zone));
    }
}
