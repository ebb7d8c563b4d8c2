package dev.llmcost.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The one text form of time in the database: UTC ISO-8601 with milliseconds, so text order is time order. */
public final class DbTime {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    private DbTime() {
    }

    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        // years 1970..9999 by hand: DateTimeFormatter was a tenth of a bulk ingest's time
        if (seconds < 0 || seconds >= 253_402_300_800L) {
            return FORMAT.format(instant);
        }
        long epochDay = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(epochDay);
        char[] text = new char[24];
        put(text, 0, date.getYear(), 4);
        text[4] = '-';
        put(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        put(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        put(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        put(text, 17, secondOfDay % 60, 2);
        text[19] = '.';
        put(text, 20, instant.getNano() / 1_000_000, 3);
        text[23] = 'Z';
        return new String(text);
    }

    private static void put(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    public static Instant parse(String text) {
        return Instant.parse(text);
    }

    /** The rollup key of the hour holding {@code instant}: {@code 2026-11-24T11}. */
    static String hour(Instant instant) {
        return HOUR.format(instant);
    }

    static Instant parseHour(String hour) {
        return Instant.parse(hour + ":00:00Z");
    }

    static Instant floorHour(Instant instant) {
        return instant.truncatedTo(ChronoUnit.HOURS);
    }

    static String day(Instant instant) {
        return hour(instant).substring(0, 10);
    }

    static Instant floorDay(Instant instant) {
        return instant.truncatedTo(ChronoUnit.DAYS);
    }

    static Instant ceilDay(Instant instant) {
        Instant floor = floorDay(instant);
        return floor.equals(instant) ? floor : floor.plus(1, ChronoUnit.DAYS);
    }

    static Instant ceilHour(Instant instant) {
        Instant floor = floorHour(instant);
        return floor.equals(instant) ? floor : floor.plus(1, ChronoUnit.HOURS);
    }
}
