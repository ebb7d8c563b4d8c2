package dev.llmcost.pricing;

import java.util.Locale;
import java.util.regex.Pattern;

/** A model's family for {@code --by family}: opus, sonnet, haiku, gpt-4o, gemini-flash … */
public final class ModelFamily {
    private static final Pattern DATE_OR_TAG_SUFFIX =
            Pattern.compile("(-\\d{4}-\\d{2}-\\d{2}|-\\d{8}|@\\d{8}|-latest|-preview(-\\d{2}-\\d{2})?|-exp)+$");

    private ModelFamily() {
    }

    public static String of(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        name = name.substring(name.lastIndexOf('/') + 1);
        for (String claude : new String[] {"opus", "sonnet", "haiku"}) {
            if (name.contains("claude") && name.contains(claude)) {
                return claude;
            }
        }
        if (name.startsWith("gemini")) {
            for (String tier : new String[] {"flash-lite", "flash", "pro", "ultra", "nano"}) {
                if (name.contains(tier)) {
                    return "gemini-" + tier;
                }
            }
        }
        return DATE_OR_TAG_SUFFIX.matcher(name).replaceAll("");
    }
}
