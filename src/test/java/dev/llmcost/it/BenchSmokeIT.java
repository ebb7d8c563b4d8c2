package dev.llmcost.it;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bench/run.sh --quick and bench/proxy.sh --quick, so the benchmarks cannot rot: they run, print every row, and lose no call. */
class BenchSmokeIT {
    @Test
    void quickBenchmarkRunsAndLosesNothing() throws Exception {
        Process process = new ProcessBuilder("bash", "bench/run.sh", "--quick").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), out);
        for (String row : new String[] {"record (flags)", "record --json -", "concurrent: calls/s", "lost 0",
                "report --by model --since 30d @ 10000", "report --by day --since 90d @ 10000", "budget status @ 10000",
                "prune --days 90", "import-json 10000 records", "ingest claude-code (first)", "ingest claude-code (unchanged)",
                "report --by day after ingest", "statusline (unchanged transcript)", "report --by block --since 7d @ 10000"}) {
            assertTrue(out.contains(row), "missing '" + row + "' in\n" + out);
        }
        System.out.println(out);
    }

    @Test
    void quickProxyBenchmarkRunsAndRecordsEveryProxiedCall() throws Exception {
        Process process = new ProcessBuilder("bash", "bench/proxy.sh", "--quick").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), out);
        for (String row : new String[] {"call, direct to the upstream", "call, through llmcost proxy", "added by the proxy",
                "stream first byte, through proxy", "first byte delayed by"}) {
            assertTrue(out.contains(row), "missing '" + row + "' in\n" + out);
        }
        String proxied = out.replaceAll("(?s).*proxied calls: (\\d+).*", "$1");
        String recorded = out.replaceAll("(?s).*calls recorded: (\\d+).*", "$1");
        assertEquals(proxied, recorded, out);
        System.out.println(out);
    }
}
