package dev.llmcost.otlp;

/** An OTLP body that is not a valid export request of its kind: the whole request is refused (400). */
public final class MalformedTelemetry extends Exception {
    public MalformedTelemetry(String message) {
        super(message);
    }
}
