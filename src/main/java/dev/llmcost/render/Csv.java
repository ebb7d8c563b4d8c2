package dev.llmcost.render;

import java.io.PrintWriter;
import java.util.List;

/** RFC 4180 CSV: fields quoted when they hold a comma, quote, CR or LF; CRLF line ends. */
public final class Csv {
    private Csv() {
    }

    public static void row(PrintWriter out, List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(quote(fields.get(i)));
        }
        out.print(line.append("\r\n"));
    }

    static String quote(String field) {
        if (field == null) {
            return "";
        }
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
