package dev.llmcost.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain aligned table: text columns left, number columns right, a rule under the header and above a footer. */
public final class TextTable {
    private final List<String> headers;
    private final boolean[] numeric;
    private final List<List<String>> rows = new ArrayList<>();
    private List<String> footer;

    public TextTable(List<String> headers, boolean[] numeric) {
        this.headers = headers;
        this.numeric = numeric;
    }

    public void add(List<String> row) {
        rows.add(row.stream().map(TextTable::visible).toList());
    }

    public void footer(List<String> row) {
        footer = row.stream().map(TextTable::visible).toList();
    }

    /** One table line per row whatever a name holds: newline, tab and other controls as escapes. */
    public static String visible(String text) {
        if (text == null || text.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
            return text;
        }
        StringBuilder shown = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> shown.append("\\n");
                case '\t' -> shown.append("\\t");
                case '\r' -> shown.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        shown.append(String.format("\\x%02x", (int) c));
                    } else {
                        shown.append(c);
                    }
                }
            }
        }
        return shown.toString();
    }

    public void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>(rows);
        all.add(headers);
        if (footer != null) {
            all.add(footer);
        }
        for (List<String> row : all) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        line(out, headers, widths);
        rule(out, widths);
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        if (footer != null) {
            rule(out, widths);
            line(out, footer, widths);
        }
    }

    private void line(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String cell = cells.get(i);
            String pad = " ".repeat(widths[i] - width(cell));
            if (i > 0) {
                line.append("  ");
            }
            line.append(numeric[i] ? pad + cell : cell + pad);
        }
        out.println(line.toString().stripTrailing());
    }

    private static void rule(PrintWriter out, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            line.append(i > 0 ? "  " : "").append("─".repeat(widths[i]));
        }
        out.println(line);
    }

    /** Terminal columns, so CJK names and emoji tags stay aligned. */
    static int width(String text) {
        return DisplayWidth.of(text);
    }
}
