package dev.llmcost.render;

import dev.llmcost.model.Money;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The integer-only formatters agree with the BigDecimal and Formatter ones they stand in for. */
class NumbersTest {
    private static List<Long> amounts() {
        List<Long> values = new ArrayList<>(List.of(0L, 1L, 49_999L, 50_000L, 150_000L, 250_000L, 4_999_999L,
                5_000_000L, 9_949_999L, 9_950_000L, 9_999_999L, 10_000_000L, 14_999_999L, 15_000_000L,
                25_000_000L, 999_999_999L, 995_000_000L, 1_000_000_000L, 1_234_567_890_123L,
                999_999_999_995_000_000L, Long.MAX_VALUE));
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 20_000; i++) {
            long magnitude = (long) Math.pow(10, random.nextInt(1, 19));
            values.add(random.nextLong(magnitude));
        }
        List<Long> both = new ArrayList<>(values);
        for (long value : values) {
            both.add(-value);
        }
        return both;
    }

    private static void agree(LongFunction<String> expected, LongFunction<String> actual) {
        for (long value : amounts()) {
            assertEquals(expected.apply(value), actual.apply(value), "value " + value);
        }
    }

    @Test
    void usdFromNanosIsUsdOfTheExactAmount() {
        agree(nanos -> Numbers.usd(Money.fromNanos(nanos)), Numbers::usdFromNanos);
        assertEquals("$0.0050", Numbers.usdFromNanos(5_000_000L));
        assertEquals("$1,234.57", Numbers.usdFromNanos(1_234_567_890_123L));
        assertEquals("-$0.0000", Numbers.usdFromNanos(-1L));
    }

    @Test
    void plainFromNanosIsPlainOfTheExactAmount() {
        agree(nanos -> Money.plain(Money.fromNanos(nanos)), Money::plain);
        assertEquals("0.000123", Money.plain(123_000L));
        assertEquals("12", Money.plain(12_000_000_000L));
    }

    @Test
    void countGroupsLikeFormatter() {
        agree(value -> String.format(Locale.ROOT, "%,d", value), Numbers::count);
        assertEquals(String.format(Locale.ROOT, "%,d", Long.MIN_VALUE), Numbers.count(Long.MIN_VALUE));
    }
}
