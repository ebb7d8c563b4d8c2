package dev.llmcost.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.model.LlmcostException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Streams an old cost log record by record, whatever its size: the Telegram bot's usage.json
 * ({@code users → id → records[], limits}), a JSON array of records, or JSON Lines. The browser
 * extension's CostRecord export is an array or lines of records with its own field names.
 */
public final class UsageLog {
    public enum Shape {
        TELEGRAM, ARRAY, JSONL, EXTENSION;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Receives what the log holds, in file order. */
    public interface Visitor {
        /** One record; {@code user} is the Telegram user id (null for other shapes), {@code position} its index. */
        void record(JsonNode record, String user, long position, String where) throws IOException;

        /** A Telegram user's limits object ({@code daily}, {@code monthly}). */
        void limits(String user, JsonNode limits, String where) throws IOException;
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private UsageLog() {
    }

    private static JsonParser parser(InputStream in) throws IOException {
        JsonFactory factory = MAPPER.getFactory();
        // the caller still reads the rest of the stream to finish its checksum
        return factory.createParser(in).disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    }

    /** Guesses the shape from the start of the file: reads at most until the first record. */
    public static Shape detect(InputStream in, String name) {
        try (JsonParser parser = parser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw LlmcostException.usage(name + ": the file is empty");
            }
            if (first == JsonToken.START_ARRAY) {
                JsonToken element = parser.nextToken();
                if (element == JsonToken.START_OBJECT) {
                    return isExtensionRecord(parser.readValueAsTree()) ? Shape.EXTENSION : Shape.ARRAY;
                }
                return Shape.ARRAY;
            }
            if (first != JsonToken.START_OBJECT) {
                throw LlmcostException.usage(name + ":" + parser.currentLocation().getLineNr()
                        + ": expected a JSON object or array, got " + first.asString());
            }
            JsonNode firstObject = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("users") && value == JsonToken.START_OBJECT) {
                    return Shape.TELEGRAM;
                }
                parser.skipChildren();
            }
            return Shape.JSONL;
        } catch (JsonProcessingException e) {
            throw invalidJson(name, e);
        } catch (NumberFormatException e) {
            throw LlmcostException.usage(name + ": a number is out of range: " + e.getMessage());
        } catch (java.io.CharConversionException e) {
            throw notText(name, e);
        } catch (IOException e) {
            throw new LlmcostException(LlmcostException.EXIT_RUNTIME, name + ": cannot read: " + e.getMessage());
        }
    }

    static boolean isExtensionRecord(JsonNode record) {
        return record.has("modelId") || record.has("promptTokens") || record.has("costUSD");
    }

    /** Streams every record and limit in {@code in}, read as {@code shape}, to {@code visitor}. */
    public static void read(InputStream in, Shape shape, String name, Visitor visitor) throws IOException {
        try (JsonParser parser = parser(in)) {
            switch (shape) {
                case TELEGRAM -> telegram(parser, name, visitor);
                case ARRAY, EXTENSION -> array(parser, name, visitor);
                case JSONL -> lines(parser, name, visitor);
            }
        } catch (JsonProcessingException e) {
            throw invalidJson(name, e);
        } catch (NumberFormatException e) {
            throw LlmcostException.usage(name + ": a number is out of range: " + e.getMessage());
        } catch (java.io.CharConversionException e) {
            throw notText(name, e);
        }
    }

    /** Bytes that are not text in any JSON encoding (the parser guesses UTF-8, -16 or -32 from the first bytes). */
    private static LlmcostException notText(String name, java.io.CharConversionException e) {
        return LlmcostException.usage(name + ": not valid JSON text: " + e.getMessage());
    }

    private static void telegram(JsonParser parser, String name, Visitor visitor) throws IOException {
        expect(parser, parser.nextToken(), JsonToken.START_OBJECT, name, "a top-level object with \"users\"");
        boolean sawUsers = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!field.equals("users")) {
                parser.skipChildren();
                continue;
            }
            sawUsers = true;
            expect(parser, value, JsonToken.START_OBJECT, name, "\"users\" to be an object of user id → usage");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String user = parser.currentName();
                expect(parser, parser.nextToken(), JsonToken.START_OBJECT, name, "users." + user + " to be an object");
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String userField = parser.currentName();
                    JsonToken userValue = parser.nextToken();
                    if (userField.equals("records")) {
                        expect(parser, userValue, JsonToken.START_ARRAY, name, "users." + user + ".records to be an array");
                        long index = 0;
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            long line = parser.currentTokenLocation().getLineNr();
                            JsonNode record = parser.readValueAsTree();
                            visitor.record(record, user, index, name + ":" + line + ": users." + user + ".records[" + index + "]");
                            index++;
                        }
                    } else if (userField.equals("limits") && userValue == JsonToken.START_OBJECT) {
                        long line = parser.currentTokenLocation().getLineNr();
                        visitor.limits(user, parser.readValueAsTree(), name + ":" + line + ": users." + user + ".limits");
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        }
        if (!sawUsers) {
            throw LlmcostException.usage(name + ": no \"users\" object; is this the Telegram bot's usage.json? (try --shape)");
        }
    }

    private static void array(JsonParser parser, String name, Visitor visitor) throws IOException {
        expect(parser, parser.nextToken(), JsonToken.START_ARRAY, name, "a JSON array of records");
        long index = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw LlmcostException.usage(name + ": the array is not closed (truncated file?)");
            }
            long line = parser.currentTokenLocation().getLineNr();
            visitor.record(parser.readValueAsTree(), null, index, name + ":" + line + ": record " + (index + 1));
            index++;
        }
        if (parser.nextToken() != null) {
            throw LlmcostException.usage(name + ":" + parser.currentTokenLocation().getLineNr()
                    + ": unexpected content after the array");
        }
    }

    private static void lines(JsonParser parser, String name, Visitor visitor) throws IOException {
        long index = 0;
        while (parser.nextToken() != null) {
            long line = parser.currentTokenLocation().getLineNr();
            visitor.record(parser.readValueAsTree(), null, index, name + ":" + line);
            index++;
        }
    }

    private static void expect(JsonParser parser, JsonToken actual, JsonToken expected, String name, String what) {
        if (actual != expected) {
            throw LlmcostException.usage(name + ":" + parser.currentTokenLocation().getLineNr() + ": expected " + what);
        }
    }

    private static LlmcostException invalidJson(String name, JsonProcessingException e) {
        long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        return LlmcostException.usage(name + ":" + line + ": not valid JSON: " + e.getOriginalMessage());
    }
}
