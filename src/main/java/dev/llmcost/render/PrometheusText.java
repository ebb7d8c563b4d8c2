package dev.llmcost.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus' text exposition format (0.0.4): each metric family once, with its HELP and TYPE lines and then
 * its samples, label values escaped ({@code \\}, {@code "}, newline).
 */
public final class PrometheusText {
    private record Family(String type, String help, List<String> samples) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Declares a family: {@code type} is "counter" or "gauge". */
    public PrometheusText family(String name, String type, String help) {
        families.putIfAbsent(name, new Family(type, help, new ArrayList<>()));
        return this;
    }

    /** One sample of a declared family; {@code labels} alternate names and values. */
    public PrometheusText sample(String name, String value, String... labels) {
        Family family = families.get(name);
        if (family == null) {
            throw new IllegalArgumentException("undeclared metric " + name);
        }
        StringBuilder line = new StringBuilder(name);
        if (labels.length > 0) {
            line.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                line.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            line.append('}');
        }
        family.samples().add(line.append(' ').append(value).toString());
        return this;
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        families.forEach((name, family) -> {
            out.append("# HELP ").append(name).append(' ').append(family.help().replace("\\", "\\\\").replace("\n", "\\n"))
                    .append('\n');
            out.append("# TYPE ").append(name).append(' ').append(family.type()).append('\n');
            family.samples().forEach(sample -> out.append(sample).append('\n'));
        });
        return out.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
