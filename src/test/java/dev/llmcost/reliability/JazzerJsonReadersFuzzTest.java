package dev.llmcost.reliability;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the JSON readers (record --json, import-json, ingest claude-code) with
 * Jazzer. A plain test run replays the inputs under src/test/resources/…/JazzerJsonReadersFuzzTestInputs;
 * with JAZZER_FUZZ=1 it fuzzes for maxDuration (the build's surefire execution "fuzz" does so). Each
 * run goes on from the corpus kept in .cifuzz-corpus/, so a longer campaign by hand is the same
 * command repeated: JAZZER_FUZZ=1 mvn test -Dtest=JazzerJsonReadersFuzzTest.
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
