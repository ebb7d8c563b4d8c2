package dev.llmcost.reliability;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the JSON readers (record --json, import-json, ingest claude-code) with
 * Jazzer. A plain test run replays the inputs under src/test/resources/…/JazzerJsonReadersFuzzTestInputs;
 * JAZZER_FUZZ=1 fuzzes for maxDuration (CI runs 30 s; a longer run by hand:
 * JAZZER_FUZZ=1 mvn test -Dtest=JazzerJsonReadersFuzzTest -Djazzer.max_duration=10m).
 */
class JazzerJsonReadersFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void readersEitherParseOrRefuseWithAUsageError(byte[] input) {
        List<String> crashes = new ArrayList<>();
        JsonReadersFuzzTest.undocumentedFailures(input, crashes);
        if (!crashes.isEmpty()) {
            throw new AssertionError(crashes.get(0));
        }
    }
}
