package dev.llmcost.capture;

import dev.llmcost.model.LlmcostException;
import dev.llmcost.model.Tokens;
import dev.llmcost.proxy.Canned;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saved provider streams read as one call each, by the same token rule as their non-streamed responses. */
class ProviderStreamTest {
    private static ProviderUsage.Call call(String stream) {
        List<ProviderUsage.Call> calls = ProviderUsage.read(new StringReader(stream), "stream");
        assertEquals(1, calls.size());
        return calls.get(0);
    }

    @Test
    void openAiChatStreamCountsTheUsageChunk() {
        ProviderUsage.Call call = call(Canned.stream("openai-chat-stream.sse", true));
        assertEquals("chatcmpl-FakeStream02", call.id());
        assertEquals("o4-mini-2025-04-16", call.model());
        assertEquals(new Tokens(2000 - 1536, 450, 0, 1536, 192), call.tokens());
    }

    @Test
    void openAiChatStreamWithoutUsageIsAClearError() {
        LlmcostException e = assertThrows(LlmcostException.class,
                () -> call(Canned.stream("openai-chat-stream.sse", false)));
        assertTrue(e.getMessage().contains("stream_options.include_usage"), e.getMessage());
        assertEquals(LlmcostException.EXIT_USAGE, e.exitCode());
    }

    @Test
    void anthropicStreamCountsCumulativeDeltasOnce() {
        ProviderUsage.Call call = call(Canned.stream("anthropic-stream.sse", true));
        assertEquals("msg_01FakeStream04", call.id());
        assertEquals("claude-sonnet-4-5-20250929", call.model());
        assertEquals(new Tokens(30, 120, 1024, 8000, 0), call.tokens());
        assertEquals("anthropic", call.provider());
    }

    @Test
    void openAiResponsesStreamReadsTheCompletedResponse() {
        ProviderUsage.Call call = call(Canned.stream("openai-responses-stream.sse", true));
        assertEquals("resp_FakeResponses05", call.id());
        assertEquals(new Tokens(900 - 512, 700, 0, 512, 640), call.tokens());
    }

    @Test
    void geminiStreamTakesTheLastUsageMetadata() {
        ProviderUsage.Call call = call(Canned.stream("gemini-stream.sse", true));
        assertEquals("FakeGemini06", call.id());
        assertEquals("gemini-2.5-flash", call.model());
        assertEquals(new Tokens(400 - 256, 50 + 80, 0, 256, 80), call.tokens());
    }

    @Test
    void aBrokenEventIsCountedAndPassedOver() throws Exception {
        String stream = Canned.stream("anthropic-stream.sse", true).replace("{\"type\": \"ping\"}", "{\"type\": pi");
        ProviderStream events = new ProviderStream();
        stream.lines().forEach(events::line);
        events.end();
        assertEquals(1, events.unreadable());
        assertEquals(120, events.document().path("usage").path("output_tokens").asLong());
        assertNull(ProviderStream.read(new StringReader("data: [DONE]\n\n")));
    }
}
