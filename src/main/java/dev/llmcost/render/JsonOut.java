package dev.llmcost.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** One JSON document on stdout, pretty-printed, with plain (never exponent) decimals. */
public final class JsonOut {
    private JsonOut() {
    }

    public interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    public static void write(PrintWriter out, Body body) {
        try {
            JsonGenerator json = new JsonFactory().createGenerator(out)
                    .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .useDefaultPrettyPrinter();
            body.write(json);
            json.flush();
            out.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
