package dev.llmcost.pricing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One of genai-prices' match rules (equals, starts_with, ends_with, contains, regex, and, or), as
 * the engine applies them: text rules ignore case, a regex is searched for in the lowercased name.
 * Written in the table as {@code or(sw:claude-2,ct:claude-v2)}; values escape {@code %,()} and
 * tab/newline as {@code %XX}.
 */
public sealed interface Match {
    boolean matches(String lowercased);

    record Any(List<Match> clauses) implements Match {
        @Override
        public boolean matches(String name) {
            for (Match clause : clauses) {
                if (clause.matches(name)) {
                    return true;
                }
            }
            return false;
        }
    }

    record All(List<Match> clauses) implements Match {
        @Override
        public boolean matches(String name) {
            for (Match clause : clauses) {
                if (!clause.matches(name)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A text rule; {@code kind} is eq, sw, ew, ct or re. */
    final class Rule implements Match {
        private final String kind;
        private final String value;
        private Pattern pattern;

        Rule(String kind, String value) {
            this.kind = kind;
            this.value = kind.equals("re") ? value : value.toLowerCase(Locale.ROOT);
        }

        @Override
        public boolean matches(String name) {
            return switch (kind) {
                case "eq" -> name.equals(value);
                case "sw" -> name.startsWith(value);
                case "ew" -> name.endsWith(value);
                case "ct" -> name.contains(value);
                case "re" -> {
                    if (pattern == null) {
                        pattern = Pattern.compile(value); // compiled only when a lookup gets this far
                    }
                    yield pattern.matcher(name).find();
                }
                default -> throw new IllegalStateException("unknown match kind " + kind);
            };
        }

        public String kind() {
            return kind;
        }

        public String value() {
            return value;
        }

        @Override
        public String toString() {
            return kind + ":" + value;
        }
    }

    /** Parses the table's form; {@code null} for an empty field. */
    static Match parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int[] at = {0};
        Match match = parse(text, at);
        if (at[0] != text.length()) {
            throw new IllegalArgumentException("trailing text in match rule: " + text);
        }
        return match;
    }

    private static Match parse(String text, int[] at) {
        for (String group : new String[] {"or(", "and("}) {
            if (text.startsWith(group, at[0])) {
                at[0] += group.length();
                List<Match> clauses = new ArrayList<>();
                while (true) {
                    clauses.add(parse(text, at));
                    char c = text.charAt(at[0]++);
                    if (c == ')') {
                        break;
                    }
                    if (c != ',') {
                        throw new IllegalArgumentException("bad match rule: " + text);
                    }
                }
                return group.equals("or(") ? new Any(List.copyOf(clauses)) : new All(List.copyOf(clauses));
            }
        }
        int end = at[0];
        while (end < text.length() && text.charAt(end) != ',' && text.charAt(end) != ')') {
            end++;
        }
        String leaf = text.substring(at[0], end);
        at[0] = end;
        if (leaf.length() < 3 || leaf.charAt(2) != ':') {
            throw new IllegalArgumentException("bad match rule: " + leaf);
        }
        return new Rule(leaf.substring(0, 2), unescape(leaf.substring(3)));
    }

    static String unescape(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()) {
                out.append((char) Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '%' || c == ',' || c == '(' || c == ')' || c == '\t' || c == '\n' || c == '\r') {
                out.append('%').append(String.format("%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
