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
        // the stored form by hand (Instant.parse's resolver was most of a block report's time); anything else as ISO
        if (text.length() == 24 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == '.' && text.charAt(23) == 'Z') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            int milli = digits(text, 20, 3);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 28 + 3 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && milli >= 0
                    && day <= java.time.YearMonth.of(year, month).lengthOfMonth()) {
                long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second, milli * 1_000_000L);
            }
        }
        return Instant.parse(text);
    }

    /** The decimal number in {@code text[at, at+width)}, or -1 when a character is not a digit. */
    private static int digits(String text, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
