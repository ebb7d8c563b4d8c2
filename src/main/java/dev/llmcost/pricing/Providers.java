package dev.llmcost.pricing;

import java.util.Locale;
import java.util.Set;

/** Provider names: inferred from a model name when the caller gives none; local ones are free by rule. */
public final class Providers {
    public static final Set<String> LOCAL = Set.of("local", "ollama", "lmstudio", "llamacpp");
    public static final String UNKNOWN = "unknown";

    private Providers() {
    }

    public static boolean isLocal(String provider) {
        return LOCAL.contains(provider);
    }

    public static String normalize(String provider) {
        return provider.trim().toLowerCase(Locale.ROOT);
    }

    /** AWS Bedrock model ids: {@code anthropic.claude-3-5-sonnet-20240620-v1:0}, {@code us.amazon.nova-pro-v1:0}. */
    private static final java.util.regex.Pattern BEDROCK = java.util.regex.Pattern.compile(
            "^(?:(?:us|eu|apac|au|jp|ca|global|us-gov)\\.)?(?:anthropic|amazon|meta|cohere|mistral|ai21|deepseek|openai|qwen|writer|twelvelabs)\\.[a-z0-9]");

    public static String infer(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        if (BEDROCK.matcher(name).find()) {
            return "aws";
        }
        int slash = name.indexOf('/');
        if (slash > 0) {
            return name.substring(0, slash);
        }
        if (name.startsWith("claude")) {
            return "anthropic";
        }
        if (name.startsWith("gpt") || name.startsWith("chatgpt") || name.matches("o\\d.*")
                || name.startsWith("text-embedding") || name.startsWith("davinci")
                || name.startsWith("codex") || name.startsWith("whisper") || name.startsWith("dall-e")) {
            return "openai";
        }
        if (name.startsWith("gemini") || name.startsWith("gemma")) {
            return "google";
        }
        if (name.startsWith("mistral") || name.startsWith("mixtral") || name.startsWith("codestral")
                || name.startsWith("magistral") || name.startsWith("devstral")) {
            return "mistral";
        }
        if (name.startsWith("deepseek")) {
            return "deepseek";
        }
        if (name.startsWith("grok")) {
            return "x-ai";
        }
        if (name.startsWith("command")) {
            return "cohere";
        }
        return UNKNOWN;
    }

    /** local or cloud, for {@code --by mode}. */
    public static String mode(String provider) {
        return isLocal(provider) ? "local" : "cloud";
    }
}
