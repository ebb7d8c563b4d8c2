package dev.llmcost.capture;

import dev.llmcost.model.LlmcostException;
import dev.llmcost.model.Tokens;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProviderUsageTest {
    private static ProviderUsage.Call one(String json) {
        List<ProviderUsage.Call> calls = ProviderUsage.read(new StringReader(json), "test");
        assertEquals(1, calls.size());
        return calls.get(0);
    }

    @Test
    void openAiChatCachedTokensArePartOfPromptTokens() {
        ProviderUsage.Call call = one("""
                {"id": "chatcmpl-9", "object": "chat.completion", "model": "gpt-4o-2024-08-06",
                 "usage": {"prompt_tokens": 1200, "completion_tokens": 300, "total_tokens": 1500,
                   "prompt_tokens_details": {"cached_tokens": 1000},
                   "completion_tokens_details": {"reasoning_tokens": 120}}}""");
        assertEquals(new Tokens(200, 300, 0, 1000, 120), call.tokens());
        assertEquals("gpt-4o-2024-08-06", call.model());
        assertEquals("chatcmpl-9", call.id());
        assertNull(call.costUsd());
    }

    @Test
    void openAiResponsesUseInputAndOutputDetails() {
        ProviderUsage.Call call = one("""
                {"id": "resp_1", "object": "response", "model": "o3",
                 "usage": {"input_tokens": 900, "output_tokens": 700, "total_tokens": 1600,
                   "input_tokens_details": {"cached_tokens": 400},
                   "output_tokens_details": {"reasoning_tokens": 500}}}""");
        assertEquals(new Tokens(500, 700, 0, 400, 500), call.tokens());
    }

    @Test
    void anthropicCacheTokensComeOnTopOfInputTokens() {
        ProviderUsage.Call call = one("""
                {"id": "msg_01", "type": "message", "model": "claude-sonnet-4-5-20250929",
                 "usage": {"input_tokens": 12, "output_tokens": 340,
                   "cache_creation_input_tokens": 2000, "cache_read_input_tokens": 15000}}""");
        assertEquals(new Tokens(12, 340, 2000, 15000, 0), call.tokens());
        assertEquals("anthropic", call.provider());
    }

    @Test
    void anthropicOneHourCacheWritesAreKeptApart() {
        ProviderUsage.Call call = one("""
                {"id": "msg_02", "type": "message", "model": "claude-sonnet-4-5-20250929",
                 "usage": {"input_tokens": 12, "output_tokens": 340, "cache_creation_input_tokens": 2000,
                   "cache_creation": {"ephemeral_5m_input_tokens": 500, "ephemeral_1h_input_tokens": 1500},
                   "cache_read_input_tokens": 15000}}""");
        assertEquals(new Tokens(12, 340, 2000, 15000, 0, 1500), call.tokens());
        LlmcostException e = assertThrows(LlmcostException.class, () -> one("""
                {"usage": {"input_tokens": 1, "output_tokens": 1, "cache_creation_input_tokens": 10,
                   "cache_creation": {"ephemeral_1h_input_tokens": 11}}}"""));
        assertEquals(2, e.exitCode());
    }

    @Test
    void bareUsageObjectIsEnough() {
        ProviderUsage.Call call = one("{\"input_tokens\": 5, \"output_tokens\": 6}");
        assertEquals(new Tokens(5, 6, 0, 0, 0), call.tokens());
        assertNull(call.model());
    }

    @Test
    void geminiThoughtsAreOutputAndCachedContentIsPartOfPrompt() {
        ProviderUsage.Call call = one("""
                {"responseId": "g-1", "modelVersion": "gemini-2.5-flash",
                 "usageMetadata": {"promptTokenCount": 1000, "candidatesTokenCount": 200,
                   "thoughtsTokenCount": 300, "cachedContentTokenCount": 600, "totalTokenCount": 1500}}""");
        assertEquals(new Tokens(400, 500, 0, 600, 300), call.tokens());
        assertEquals("gemini-2.5-flash", call.model());
        assertEquals("g-1", call.id());
        assertEquals("google", call.provider());
    }

    @Test
    void openRouterCostIsTaken() {
        ProviderUsage.Call call = one("""
                {"id": "gen-1", "model": "anthropic/claude-sonnet-4", "provider": "Anthropic",
                 "usage": {"prompt_tokens": 100, "completion_tokens": 20, "cost": 0.00123}}""");
        assertEquals(new BigDecimal("0.00123"), call.costUsd());
        assertEquals("openrouter", call.provider());
    }

    @Test
    void oneDocumentPerLineIsOneCallEach() {
        List<ProviderUsage.Call> calls = ProviderUsage.read(new StringReader(
                "{\"model\":\"a\",\"usage\":{\"prompt_tokens\":1}}\n{\"model\":\"b\",\"usage\":{\"prompt_tokens\":2}}\n"), "t");
        assertEquals(List.of("a", "b"), calls.stream().map(ProviderUsage.Call::model).toList());
        assertEquals(2, calls.get(1).line());
    }

    @Test
    void cachedBeyondPromptIsRefused() {
        LlmcostException e = assertThrows(LlmcostException.class, () -> one(
                "{\"usage\":{\"prompt_tokens\":1,\"prompt_tokens_details\":{\"cached_tokens\":2}}}"));
        assertEquals(2, e.exitCode());
    }

    @Test
    void deepNestingIsAUsageErrorNotACrash() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        LlmcostException e = assertThrows(LlmcostException.class, () -> one(deep));
        assertEquals(2, e.exitCode());
    }
}
