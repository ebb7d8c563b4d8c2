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

    // Written out: a record's generated equals/hashCode link through method handles on first use,
    // which cost a short-lived report several milliseconds of start-up.
    @Override
    public boolean equals(Object other) {
        return other instanceof GroupBy g && g.dimension == dimension && java.util.Objects.equals(g.tagKey, tagKey);
    }

    @Override
    public int hashCode() {
        return dimension.hashCode() * 31 + (tagKey == null ? 0 : tagKey.hashCode());
    }

    /** Column header: model, request_type, tag_phase. */
    public String column() {
        return dimension == Dimension.TAG ? "tag_" + tagKey : dimension.name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return dimension == Dimension.TAG ? "tag:" + tagKey : dimension.cliName();
    }
}
