package dev.llmcost.report;

import java.util.Locale;

/** One {@code --by} value: a dimension, and for {@code tag:KEY} the tag's key. */
public record GroupBy(Dimension dimension, String tagKey) {
    public static GroupBy parse(String text) {
        String value = text.trim();
        if (value.toLowerCase(Locale.ROOT).startsWith("tag:")) {
            String key = value.substring(4);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("'tag:' needs a key, e.g. tag:phase");
            }
            return new GroupBy(Dimension.TAG, key);
        }
        for (Dimension dimension : Dimension.values()) {
            if (dimension != Dimension.TAG && dimension.cliName().equalsIgnoreCase(value)) {
                return new GroupBy(dimension, null);
            }
        }
        throw new IllegalArgumentException("unknown --by '" + text + "'; choose from " + Dimension.choices());
    }

    /** Column header: model, request_type, tag_phase. */
    public String column() {
        return dimension == Dimension.TAG ? "tag_" + tagKey : dimension.name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return dimension == Dimension.TAG ? "tag:" + tagKey : dimension.cliName();
    }
}
