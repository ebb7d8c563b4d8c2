package dev.llmcost.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * ISO-8601 UTC timestamps as agents write them ({@code 2026-11-20T10:00:00.123Z}), read without
 * {@code DateTimeFormatter}, which took a third of a transcript line's parsing time. Anything else goes
 * to {@link Instant#parse}, so the result is always what {@code Instant.parse} would give.
 */
public final class Timestamps {
    private Timestamps() {
    }

    /** @throws DateTimeException when the text is not an ISO-8601 instant */
    public static Instant parse(String text) {
        int length = text.length();
        if (length >= 20 && length <= 30 && text.charAt(length - 1) == 'Z' && text.charAt(4) == '-'
                && text.charAt(7) == '-' && text.charAt(10) == 'T' && text.charAt(13) == ':' && text.charAt(16) == ':') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            int nanos = 0;
            boolean ok = year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
            if (ok && length > 20) {
                int fraction = length - 21;
                ok = text.charAt(19) == '.' && fraction >= 1 && fraction <= 9;
                if (ok) {
                    nanos = digits(text, 20, fraction);
                    ok = nanos >= 0;
                    for (int i = fraction; i < 9 && ok; i++) {
                        nanos *= 10;
                    }
                }
            }
            if (ok && day <= LocalDate.of(year, month, 1).lengthOfMonth()) {
                long epochDay = LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
            }
        }
        return Instant.parse(text);
    }

    /** The number in {@code count} ASCII digits from {@code start}, or -1. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
