package dev.llmcost.render;

/** How data goes to stdout. */
public enum OutputFormat {
    TABLE, JSON, CSV,
    /** One self-contained page (report only). */
    HTML
}
