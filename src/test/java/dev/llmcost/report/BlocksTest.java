package dev.llmcost.report;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlocksTest {
    private static Blocks.Call call(String at, long input, long costNanos) {
        return new Blocks.Call(Instant.parse(at), "m", null, new Totals(1, input, 0, 0, 0, 0, costNanos, 0));
    }

    private static List<Blocks.Block> blocks(String now, Blocks.Call... calls) {
        Blocks blocks = new Blocks(Instant.parse(now));
        for (Blocks.Call call : calls) {
            blocks.add(call);
        }
        return blocks.finish();
    }

    @Test
    void aBlockStartsAtTheHourOfItsFirstCallAndLastsFiveHours() {
        List<Blocks.Block> b = blocks("2026-11-25T00:00:00Z",
                call("2026-11-24T10:15:30Z", 100, 10),
                call("2026-11-24T11:00:00Z", 200, 20),
                call("2026-11-24T15:00:00Z", 300, 30), // exactly 5 h after the start: still this block, as in ccusage
                call("2026-11-24T15:00:00.001Z", 400, 40));
        assertEquals(2, b.size());
        assertEquals(Instant.parse("2026-11-24T10:00:00Z"), b.get(0).start());
        assertEquals(Instant.parse("2026-11-24T15:00:00Z"), b.get(0).end());
        assertEquals(Instant.parse("2026-11-24T10:15:30Z"), b.get(0).firstCall());
        assertEquals(Instant.parse("2026-11-24T15:00:00Z"), b.get(0).lastCall());
        assertEquals(3, b.get(0).totals().requests());
        assertEquals(600, b.get(0).totals().inputTokens());
        assertEquals(Instant.parse("2026-11-24T15:00:00Z"), b.get(1).start());
        assertEquals(400, b.get(1).totals().totalTokens());
        assertFalse(b.get(0).active());
        assertFalse(b.get(1).active());
        assertNull(b.get(0).burnRate());
    }

    @Test
    void aGapLongerThanTheBlockStartsAFreshBlockAtTheNextCallsHour() {
        List<Blocks.Block> b = blocks("2026-11-25T00:00:00Z",
                call("2026-11-24T01:59:00Z", 1, 0),
                call("2026-11-24T09:30:00Z", 1, 0),
                call("2026-11-24T13:29:00Z", 1, 0));
        assertEquals(List.of(Instant.parse("2026-11-24T01:00:00Z"), Instant.parse("2026-11-24T09:00:00Z")),
                b.stream().map(Blocks.Block::start).toList());
        assertEquals(2, b.get(1).totals().requests());
    }

    @Test
    void theActiveBlockHasABurnRateAndAProjectionToItsEnd() {
        List<Blocks.Block> b = blocks("2026-11-24T12:00:00Z",
                call("2026-11-24T10:15:00Z", 1_000, 3_000_000),
                call("2026-11-24T11:15:00Z", 2_000, 6_000_000));
        Blocks.Block active = b.get(0);
        assertTrue(active.active());
        // 3,000 tokens and $0.009 over the hour from first to last call
        assertEquals(new Blocks.BurnRate(3_000, 9_000_000), active.burnRate());
        // 180 minutes left at that rate
        assertEquals(new Blocks.Projection(180, 3_000 + 9_000, 9_000_000 + 27_000_000), active.projection());
    }

    @Test
    void aBlockIsNoLongerActiveAtItsEndOrFiveHoursAfterItsLastCall() {
        assertFalse(blocks("2026-11-24T15:00:00Z", call("2026-11-24T10:15:00Z", 1, 0)).get(0).active());
        assertTrue(blocks("2026-11-24T14:59:59Z", call("2026-11-24T10:15:00Z", 1, 0)).get(0).active());
        // a single call: active, but no span to measure a rate over
        assertNull(blocks("2026-11-24T14:59:59Z", call("2026-11-24T10:15:00Z", 1, 0)).get(0).burnRate());
    }

    @Test
    void callsMustComeInTimeOrder() {
        Blocks blocks = new Blocks(Instant.parse("2026-11-25T00:00:00Z"));
        blocks.add(call("2026-11-24T10:00:00Z", 1, 0));
        assertThrows(IllegalArgumentException.class, () -> blocks.add(call("2026-11-24T09:00:00Z", 1, 0)));
        assertTrue(new Blocks(Instant.EPOCH).finish().isEmpty());
    }
}
